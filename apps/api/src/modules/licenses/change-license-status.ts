/**
 * Support's license actions: suspend, reinstate, revoke (one or in bulk) and freeing a machine
 * slot. Each takes a reason, locks the license row, changes it and writes the audit row in one
 * transaction. Statuses are never deleted: the reason, actor and time are kept on the license
 * and the full trail in the audit log. The public API reads the row on every call, so the next
 * validation anywhere reports the change.
 */
import { AppError } from '@marketdesk/shared';
import type { LicenseStatus, Prisma } from '../../generated/prisma/client.ts';
import type { Clock } from '../../platform/deps.ts';
import { writeAudit, type Actor } from '../audit/index.ts';
import type { LicensesDeps } from './deps.ts';

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

async function applyAction(tx: Prisma.TransactionClient, clock: Clock, actor: Actor, action: LicenseAction, id: string, reason: string): Promise<LicenseStatusResult> {
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
    data: { status: rule.to, statusReason: reason, statusChangedAt: clock.now(), statusChangedById: actor.userId },
    select: RESULT_SELECT,
  });
  await writeAudit(tx, { actor, action: `licenses.${action}`, targetType: 'License', targetId: id, reason, before: current, after: { status: rule.to, statusReason: reason } });
  return updated;
}

/**
 * Applies `input.action` (suspend, reinstate or revoke, see {@link TRANSITIONS}) to license
 * `input.licenseId` with `input.reason`, as `input.actor`; `statusChangedAt` is `deps.clock`'s now.
 * @returns the license's new status, reason and change time.
 * @throws AppError NOT_FOUND (no such license), CONFLICT (the status does not allow it, e.g.
 *   reinstating a revoked license).
 */
export function changeLicenseStatus(deps: LicensesDeps, input: { actor: Actor; action: LicenseAction; licenseId: string; reason: string }): Promise<LicenseStatusResult> {
  return deps.prisma.$transaction((tx) => applyAction(tx, deps.clock, input.actor, input.action, input.licenseId, input.reason));
}

export interface BulkItemResult {
  id: string;
  ok: boolean;
  status: LicenseStatus | null;
  error: string | null;
}

/**
 * Applies `input.action` (suspend, reinstate or revoke) to each of `input.licenseIds` on its own (one
 * transaction and audit row each, as {@link changeLicenseStatus}), so one refused item does not
 * undo the others.
 * @returns a result per id, in the order given (duplicates answered once); a refused item carries
 *   its AppError's user message.
 * @throws only errors other than AppError (database failures).
 */
export async function changeLicenseStatuses(deps: LicensesDeps, input: { actor: Actor; action: LicenseAction; licenseIds: string[]; reason: string }): Promise<BulkItemResult[]> {
  const { prisma } = deps;
  const { actor, action, reason } = input;
  const results: BulkItemResult[] = [];
  for (const id of new Set(input.licenseIds)) {
    try {
      const updated = await changeLicenseStatus(deps, { actor, action, licenseId: id, reason });
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
 * Frees the machine slot of activation `input.activationId` of license `input.licenseId` (the row
 * stays, with `deactivatedAt` = `deps.clock`'s now), as `input.actor` with `input.reason`, audited.
 * @returns the activation after the change.
 * @throws AppError NOT_FOUND (no such activation on that license), CONFLICT (already deactivated).
 */
export async function deactivateMachine(deps: LicensesDeps, input: { actor: Actor; licenseId: string; activationId: string; reason: string }) {
  const { actor, licenseId, activationId, reason } = input;
  return deps.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "License" WHERE id = ${licenseId} FOR UPDATE`;
    const activation = await tx.activation.findFirst({ where: { id: activationId, licenseId } });
    if (!activation) throw new AppError('NOT_FOUND', { message: `License ${licenseId} has no activation ${activationId}` });
    if (activation.deactivatedAt) throw new AppError('CONFLICT', { message: `Machine ${activation.name ?? activation.fingerprint} was already deactivated` });
    const updated = await tx.activation.update({
      where: { id: activationId }, data: { deactivatedAt: deps.clock.now() },
      select: { id: true, fingerprint: true, name: true, createdAt: true, lastSeenAt: true, deactivatedAt: true },
    });
    await writeAudit(tx, { actor, action: 'licenses.deactivateMachine', targetType: 'License', targetId: licenseId, reason, before: { activationId, fingerprint: activation.fingerprint, deactivatedAt: null }, after: { activationId, deactivatedAt: updated.deactivatedAt } });
    return updated;
  });
}
