/**
 * Dispute evidence rules, once, for the API (the evidence form's schema, the upload route), the
 * console (field groups, limits) and the Stripe emulator (which refuses what Stripe refuses).
 *
 * Fields and lengths: Stripe's `dispute_evidence` schema (OpenAPI spec 2023-08-16, vendored in
 * packages/stripe-emulator/openapi/stripe-schemas.json): explanation-type text fields up to
 * 150,000 characters, short text fields up to 5,000, file fields a File id (`file_…`).
 * "The combined character count of all fields is limited to 150,000"
 * (https://docs.stripe.com/api/disputes/update#update_dispute-evidence).
 * Files: purpose `dispute_evidence`, PDF, JPEG or PNG, at most 5 MB
 * (https://docs.stripe.com/file-upload#uploading-a-file, https://docs.stripe.com/disputes/best-practices).
 */

/** Evidence text fields Stripe takes, with their largest length in characters. */
export const EVIDENCE_TEXT_FIELD_LIMITS = Object.freeze({
  access_activity_log: 150_000,
  billing_address: 5_000,
  cancellation_policy_disclosure: 150_000,
  cancellation_rebuttal: 150_000,
  customer_email_address: 5_000,
  customer_name: 5_000,
  customer_purchase_ip: 5_000,
  duplicate_charge_explanation: 150_000,
  duplicate_charge_id: 5_000,
  product_description: 150_000,
  refund_policy_disclosure: 150_000,
  refund_refusal_explanation: 150_000,
  service_date: 5_000,
  shipping_address: 5_000,
  shipping_carrier: 5_000,
  shipping_date: 5_000,
  shipping_tracking_number: 5_000,
  uncategorized_text: 150_000,
} as const);
export type EvidenceTextField = keyof typeof EVIDENCE_TEXT_FIELD_LIMITS;
export const EVIDENCE_TEXT_FIELDS = Object.freeze(Object.keys(EVIDENCE_TEXT_FIELD_LIMITS) as EvidenceTextField[]);

/** Evidence fields Stripe takes as a File id (purpose `dispute_evidence`). */
export const EVIDENCE_FILE_FIELDS = Object.freeze([
  'cancellation_policy', 'customer_communication', 'customer_signature', 'duplicate_charge_documentation', 'receipt', 'refund_policy',
  'service_documentation', 'shipping_documentation', 'uncategorized_file',
] as const);
export type EvidenceFileField = (typeof EVIDENCE_FILE_FIELDS)[number];

/** Largest combined length of all evidence text fields, characters (Stripe's limit). */
export const MAX_EVIDENCE_TEXT_CHARACTERS = 150_000;

/** Largest evidence file, bytes: 5 MB. */
export const MAX_EVIDENCE_FILE_BYTES = 5 * 1024 * 1024;

/** The file types Stripe takes as dispute evidence, by the `type` it reports on the File. */
export const EVIDENCE_FILE_TYPES = Object.freeze({ pdf: 'application/pdf', jpg: 'image/jpeg', png: 'image/png' } as const);
export type EvidenceFileType = keyof typeof EVIDENCE_FILE_TYPES;

/**
 * The evidence file type of `bytes`, read from its first bytes (PDF `%PDF-`, PNG's 8-byte
 * signature, JPEG `FF D8 FF`), not from its name or declared type; null for anything else.
 * Never throws.
 */
export function detectEvidenceFileType(bytes: Uint8Array): EvidenceFileType | null {
  const startsWith = (signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  if (startsWith([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith([0xff, 0xd8, 0xff])) return 'jpg';
  return null;
}

/**
 * Why Stripe would refuse `bytes` as a dispute evidence file, or null when it takes it.
 * Never throws.
 */
export function findEvidenceFileIssue(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return 'The file is empty';
  if (bytes.length > MAX_EVIDENCE_FILE_BYTES) return `The file is larger than ${MAX_EVIDENCE_FILE_BYTES / 1024 / 1024} MB, the most Stripe takes as dispute evidence`;
  if (!detectEvidenceFileType(bytes)) return 'Dispute evidence must be a PDF, JPEG or PNG file';
  return null;
}

/** Combined length of the evidence text fields set in `evidence`, characters. Never throws. */
export function countEvidenceCharacters(evidence: Partial<Record<string, string | null | undefined>>): number {
  return EVIDENCE_TEXT_FIELDS.reduce((sum, field) => sum + (evidence[field]?.length ?? 0), 0);
}
