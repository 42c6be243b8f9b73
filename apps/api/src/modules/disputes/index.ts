/**
 * Disputes: one dispute with its purchase, due date and Stripe's evidence_details; finance's
 * answer — evidence files uploaded to Stripe Files, the evidence saved as a draft or submitted
 * through Stripe's dispute API. Rows are kept in step by the payments module's webhook sync.
 */
export type { DisputesDeps } from './deps.ts';
export { getDispute } from './get-dispute.ts';
export { registerDisputeRoutes } from './http.ts';
export { disputesRouter } from './router.ts';
export { findEvidenceRefusal } from './rules.ts';
export { updateDisputeEvidence } from './update-evidence.ts';
export { uploadEvidenceFile } from './upload-evidence-file.ts';
