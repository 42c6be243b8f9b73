/**
 * Audit: the append-only log of every staff mutation (written in the mutation's own
 * transaction) and of the changes the system makes from Stripe's webhooks; the admin's reader.
 */
export { listAudit } from './list-audit.ts';
export { auditRouter } from './router.ts';
export { SYSTEM_ACTOR, writeAudit, writeSystemAudit } from './write-audit.ts';
export type { Actor, ActorAuditRecord, AuditRecord } from './write-audit.ts';
