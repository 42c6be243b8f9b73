/**
 * `disputes.get` and `disputes.updateEvidence`: a dispute with its purchase, Stripe's
 * evidence_details, the evidence as last sent from the console, and the evidence form.
 * Field names are Stripe's (`product_description`, `receipt`, …); lengths from evidence.ts.
 */
import { z } from 'zod';
import { ZCurrency, ZMinorUnits } from '../money/currency.ts';
import { ZDisputeStatus } from '../finance/records.schema.ts';
import { ZPurchaseStatus } from '../finance/purchases.schema.ts';
import { zId, zText } from '../text.ts';
import { countEvidenceCharacters, EVIDENCE_TEXT_FIELD_LIMITS, MAX_EVIDENCE_TEXT_CHARACTERS, type EvidenceFileField, type EvidenceTextField } from './evidence.ts';

/**
 * The evidence form: Stripe's fields that apply to a digital product sold once or by
 * subscription (no shipping), in groups with help text. Source of the help text: Stripe's
 * evidence field descriptions (https://docs.stripe.com/api/disputes/update).
 */
export const EVIDENCE_FORM_GROUPS = Object.freeze([
  {
    title: 'Product and customer',
    fields: [
      { name: 'product_description', kind: 'text', isLong: true, label: 'Product description', help: 'What was sold: the plugin, its version, and how it was delivered (license key, download).' },
      { name: 'customer_name', kind: 'text', isLong: false, label: 'Customer name', help: 'The name of the customer.' },
      { name: 'customer_email_address', kind: 'text', isLong: false, label: 'Customer email address', help: 'The email address of the customer.' },
      { name: 'customer_purchase_ip', kind: 'text', isLong: false, label: 'Customer purchase IP', help: 'The IP address the customer used when making the purchase.' },
      { name: 'billing_address', kind: 'text', isLong: false, label: 'Billing address', help: 'The billing address provided by the customer.' },
      { name: 'receipt', kind: 'file', isLong: false, label: 'Receipt', help: 'A receipt or message sent to the customer notifying them of the charge (PDF, JPEG or PNG, up to 5 MB).' },
      { name: 'customer_communication', kind: 'file', isLong: false, label: 'Customer communication', help: 'Emails or messages with the customer proving they received the product or were satisfied with it.' },
    ],
  },
  {
    title: 'Service and usage',
    fields: [
      { name: 'service_date', kind: 'text', isLong: false, label: 'Service date', help: 'The date the customer first had the product (license activation), e.g. 2026-11-30.' },
      { name: 'access_activity_log', kind: 'text', isLong: true, label: 'Access activity log', help: 'Logs showing the customer used the product: license validations, activations, downloads — with dates, IP addresses and machines.' },
      { name: 'service_documentation', kind: 'file', isLong: false, label: 'Service documentation', help: 'Documentation showing the product was provided, e.g. the license issued to the customer.' },
    ],
  },
  {
    title: 'Refund and cancellation policy',
    fields: [
      { name: 'refund_policy_disclosure', kind: 'text', isLong: true, label: 'Refund policy disclosure', help: 'How and when the refund policy was shown to the customer before purchase.' },
      { name: 'refund_refusal_explanation', kind: 'text', isLong: true, label: 'Refund refusal explanation', help: 'Why the customer is not entitled to a refund.' },
      { name: 'refund_policy', kind: 'file', isLong: false, label: 'Refund policy', help: 'The refund policy as shown to the customer.' },
      { name: 'cancellation_policy_disclosure', kind: 'text', isLong: true, label: 'Cancellation policy disclosure', help: 'How the subscription cancellation policy was shown to the customer.' },
      { name: 'cancellation_rebuttal', kind: 'text', isLong: true, label: 'Cancellation rebuttal', help: 'Why the customer’s subscription was not canceled.' },
      { name: 'cancellation_policy', kind: 'file', isLong: false, label: 'Cancellation policy', help: 'The subscription cancellation policy as shown to the customer.' },
    ],
  },
  {
    title: 'Duplicate charge',
    fields: [
      { name: 'duplicate_charge_id', kind: 'text', isLong: false, label: 'Duplicate charge id', help: 'The Stripe id of the other charge the customer says this one duplicates.' },
      { name: 'duplicate_charge_explanation', kind: 'text', isLong: true, label: 'Duplicate charge explanation', help: 'Why the two charges are distinct purchases.' },
      { name: 'duplicate_charge_documentation', kind: 'file', isLong: false, label: 'Duplicate charge documentation', help: 'Documentation of the other charge (its receipt).' },
    ],
  },
  {
    title: 'Anything else',
    fields: [
      { name: 'uncategorized_text', kind: 'text', isLong: true, label: 'Additional information', help: 'Any other information relevant to the dispute.' },
      { name: 'uncategorized_file', kind: 'file', isLong: false, label: 'Additional file', help: 'Any other file relevant to the dispute.' },
    ],
  },
] as const satisfies readonly { title: string; fields: readonly ({ name: EvidenceTextField; kind: 'text'; isLong: boolean; label: string; help: string } | { name: EvidenceFileField; kind: 'file'; isLong: boolean; label: string; help: string })[] }[]);

export type EvidenceFormField = (typeof EVIDENCE_FORM_GROUPS)[number]['fields'][number];
type FormField = EvidenceFormField;
export type EvidenceFormTextField = Extract<FormField, { kind: 'text' }>['name'];
export type EvidenceFormFileField = Extract<FormField, { kind: 'file' }>['name'];
/** Every field of the form, in the groups' order. */
export const EVIDENCE_FORM_FIELDS: readonly FormField[] = EVIDENCE_FORM_GROUPS.flatMap((group): FormField[] => [...group.fields]);
const FORM_FIELDS = EVIDENCE_FORM_FIELDS;

const textShape = Object.fromEntries(
  FORM_FIELDS.filter((field) => field.kind === 'text').map((field) => [field.name, zText({ max: EVIDENCE_TEXT_FIELD_LIMITS[field.name as EvidenceTextField], isMultiline: field.isLong }).optional()]),
) as Record<EvidenceFormTextField, z.ZodOptional<z.ZodString>>;
const fileShape = Object.fromEntries(
  FORM_FIELDS.filter((field) => field.kind === 'file').map((field) => [field.name, zId({ prefix: 'file' }).optional()]),
) as Record<EvidenceFormFileField, z.ZodOptional<z.ZodString>>;

/**
 * Evidence as Stripe takes it: the form's text fields (each within Stripe's length) and file
 * fields (ids of Files uploaded with purpose dispute_evidence); unset fields are left out. The
 * text fields together are at most 150,000 characters (an issue on `evidence`).
 */
export const ZDisputeEvidence = z.object({ ...textShape, ...fileShape }).strict().superRefine((evidence, ctx) => {
  const characters = countEvidenceCharacters(evidence);
  if (characters > MAX_EVIDENCE_TEXT_CHARACTERS) ctx.addIssue({ code: 'custom', message: `Stripe takes at most ${MAX_EVIDENCE_TEXT_CHARACTERS} characters of evidence text in all; this has ${characters}` });
});
export type DisputeEvidence = z.infer<typeof ZDisputeEvidence>;

export const ZDisputeGetInput = z.object({ disputeId: zId() });

/**
 * `disputes.updateEvidence`: the whole evidence form (what is left out is not changed at
 * Stripe); `submit: false` saves it as a draft at Stripe, `submit: true` sends it to the bank,
 * which is final.
 */
export const ZDisputeUpdateEvidenceInput = z.object({ disputeId: zId(), evidence: ZDisputeEvidence, submit: z.boolean() });

/** One dispute for the console's dispute page. Amounts in minor units; dates are instants (UTC). */
export const ZDisputeDetail = z.object({
  id: z.string(),
  stripeDisputeId: z.string(),
  amount: ZMinorUnits,
  currency: ZCurrency,
  reason: z.string(),
  status: ZDisputeStatus,
  createdAt: z.date(),
  closedAt: z.date().nullable(),
  /** Stripe's evidence_details. */
  evidenceDueBy: z.date().nullable(),
  hasEvidence: z.boolean(),
  evidenceSubmissionCount: z.number().int().min(0),
  isEvidencePastDue: z.boolean(),
  /** The evidence as last sent from the console (a draft or the submission); null before any. */
  evidence: ZDisputeEvidence.nullable(),
  evidenceSubmittedAt: z.date().nullable(),
  /** Why evidence can no longer be sent (submitted, past due, closed); null while it can. */
  responseClosedReason: z.string().nullable(),
  purchase: z.object({ id: z.string(), buyerEmail: z.string(), pluginName: z.string(), amount: ZMinorUnits, currency: ZCurrency, status: ZPurchaseStatus, chargeId: z.string().nullable() }),
});
export type DisputeDetail = z.infer<typeof ZDisputeDetail>;

/** `POST /disputes/evidence-files` (multipart, part `file`): the Stripe File made, for an evidence file field. Size in bytes. */
export const ZEvidenceFileOutput = z.object({ fileId: z.string(), filename: z.string(), size: z.number().int().min(0), type: z.string() });
export type EvidenceFileOutput = z.infer<typeof ZEvidenceFileOutput>;
