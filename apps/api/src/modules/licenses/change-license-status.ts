/**
 * Support's license actions: suspend, reinstate, revoke (one or in bulk) and freeing a machine
 * slot. Each takes a reason, locks the license row, changes it and writes the audit row in one
 * transaction. Statuses are never deleted: the reason, actor and time are kept on the license
 * and the full trail in the audit log. The public API reads the row on every call, so the next
 * validation anywhere reports the change.
 */
import { AppError } from '@marketdesk/shared';
import type { LicenseStatus, Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { writeAudit, type Actor } from '../audit/index.ts';

export type LicenseAction = 'suspend' | 'reinstate' | 'revoke';

/** From which statuses each action may go, and where to. REVOKED is final: a mistaken revocation is fixed by issuing a new license. */
const TRANSITIONS: Record<LicenseAction, { from: LicenseStatus[]; to: LicenseStatus }> = {
  suspend: { from: ['ACTIVE', 'EXPIRED'], to: 'SUSPENDED' },
  reinstate: { from: ['SUSPENDED'], to: 'ACTIVE' },
  revoke: { from: ['ACTIVE', 'SUSPENDED', 'EXPIRED'], to: 'REVOKED' },
};

const PAST: Record<LicenseAction, string> = { suspend: 'suspended', reinstate: 'reinstated', revoke: 'revoked' };

const RESULT_SELECT = { id: true, status: true, statusReason: true, statusChangedAt: true } as const;
export type LicenseStatusResult = Prisma.LicenseGetPayload<{ select: typeof RESULT_SELECT }>;

async function applyAction(tx: Prisma.TransactionClient, actor: Actor, action: LicenseAction, id: string, reason: string): Promise<LicenseStatusResult> {
  const locked = await tx.$queryRaw<{ status: LicenseStatus; statusReason: string | null }[]>`
    SELECT status::text AS status, "statusReason" FROM "License" WHERE id = ${id} FOR UPDATE`;
  const current = locked[0];
  if (!current) throw new AppError('NOT_FOUND', { message: `No license ${id}` });
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(current.status)) {
    throw new AppError('CONFLICT', { message: `License ${id} is ${current.status.toLowerCase()}: it cannot be ${PAST[action]}` });
  }
  const updated = await tx.license.update({
    where: { id },
    data: { status: rule.to, statusReason: reason, statusChangedAt: new Date(), statusChangedById: actor.userId },
    select: RESULT_SELECT,
  });
  await writeAudit(tx, actor, { action: `licenses.${action}`, targetType: 'License', targetId: id, reason, before: current, after: { status: rule.to, statusReason: reason } });
  return updated;
}

/**
 * Suspends, reinstates or revokes license `id` (see {@link TRANSITIONS}).
 * @throws AppError NOT_FOUND (no such license), CONFLICT (the status does not allow it, e.g.
 *   reinstating a revoked license).
 */
export function changeLicenseStatus(prisma: PrismaClient, actor: Actor, action: LicenseAction, id: string, reason: string): Promise<LicenseStatusResult> {
  return prisma.$transaction((tx) => applyAction(tx, actor, action, id, reason));
}

export interface BulkItemResult {
  id: string;
  ok: boolean;
  status: LicenseStatus | null;
  error: string | null;
}

/**
 * Applies `action` to each license on its own (one transaction and audit row each), so one
 * refused item does not undo the others.
 * @returns a result per id, in the order given (duplicates answered once).
 */
export async function changeLicenseStatuses(prisma: PrismaClient, actor: Actor, action: 'suspend' | 'revoke', ids: string[], reason: string): Promise<BulkItemResult[]> {
  const results: BulkItemResult[] = [];
  for (const id of new Set(ids)) {
    try {
      const updated = await changeLicenseStatus(prisma, actor, action, id, reason);
      results.push({ id, ok: true, status: updated.status, error: null });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const found = await prisma.license.findUnique({ where: { id }, select: { status: true } });
      results.push({ id, ok: false, status: found?.status ?? null, error: error.userMessage });
    }
  }
  return results;
}

/**
 * Frees the machine slot of activation `activationId` of license `licenseId` (the row stays, with
 * `deactivatedAt`).
 * @throws AppError NOT_FOUND (no such activation on that license), CONFLICT (already deactivated).
 */
export async function deactivateMachine(prisma: PrismaClient, actor: Actor, licenseId: string, activationId: string, reason: string) {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "License" WHERE id = ${licenseId} FOR UPDATE`;
    const activation = await tx.activation.findFirst({ where: { id: activationId, licenseId } });
    if (!activation) throw new AppError('NOT_FOUND', { message: `License ${licenseId} has no activation ${activationId}` });
    if (activation.deactivatedAt) throw new AppError('CONFLICT', { message: `Machine ${activation.name ?? activation.fingerprint} was already deactivated` });
    const updated = await tx.activation.update({
      where: { id: activationId }, data: { deactivatedAt: new Date() },
      select: { id: true, fingerprint: true, name: true, createdAt: true, lastSeenAt: true, deactivatedAt: true },
    });
    await writeAudit(tx, actor, { action: 'licenses.deactivateMachine', targetType: 'License', targetId: licenseId, reason, before: { activationId, fingerprint: activation.fingerprint, deactivatedAt: null }, after: { activationId, deactivatedAt: updated.deactivatedAt } });
    return updated;
  });
}
