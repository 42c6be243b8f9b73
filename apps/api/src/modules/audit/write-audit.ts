/**
 * Audit rows for staff mutations. Call inside the same Prisma transaction as the change, so
 * the change and its audit row commit or roll back together. The table is append-only
 * (a trigger refuses UPDATE, DELETE and TRUNCATE).
 */
import type { Prisma } from '../../generated/prisma/client.ts';

/** Who acts, from where: built from the request context. */
export interface Actor {
  userId: string;
  email: string;
  requestId: string;
  ip: string | null;
}

export interface AuditRecord {
  /** Dotted verb, e.g. "users.setRoles". */
  action: string;
  targetType: string;
  targetId: string;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
}

/** An audit row of a person's change: who acted (`actor`) and what they did. */
export type ActorAuditRecord = AuditRecord & { actor: Actor };

/**
 * Writes one audit row with `tx` (a transaction client, so it commits with the change):
 * `{ actor, action, targetType, targetId, reason?, before?, after? }`; `before`/`after` are
 * stored as JSON (bigints as strings).
 */
export async function writeAudit(tx: Prisma.TransactionClient, { actor, ...record }: ActorAuditRecord): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: actor.userId,
      actorEmail: actor.email,
      action: record.action,
      targetType: record.targetType,
      targetId: record.targetId,
      reason: record.reason || null,
      before: toJson(record.before),
      after: toJson(record.after),
      requestId: actor.requestId,
      ip: actor.ip,
    },
  });
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v))) as Prisma.InputJsonValue;
}

/** Actor email of audit rows written by the payment syncs and workers, not by a person. */
export const SYSTEM_ACTOR = 'system:payments';

/** Writes one audit row for a change made by the system (a Stripe webhook sync, a renewal run), with `tx`. */
export async function writeSystemAudit(tx: Prisma.TransactionClient, record: AuditRecord & { reason: string }): Promise<void> {
  await tx.auditLog.create({
    data: { actorId: null, actorEmail: SYSTEM_ACTOR, action: record.action, targetType: record.targetType, targetId: record.targetId, reason: record.reason, before: toJson(record.before), after: toJson(record.after) },
  });
}
