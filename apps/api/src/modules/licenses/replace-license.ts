/**
 * Support's replacement license: the fix for a mistaken revocation or a leaked key. The old
 * license is revoked (if it is not already) and a new one is issued with the same terms and a new
 * key, linked to the old one (`replacesLicenseId`), in one transaction with an audit row on each.
 */
import { AppError, type LicenseReplaceInput } from '@marketdesk/shared';
import type { LicenseStatus } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { writeAudit, type Actor } from '../audit/index.ts';
import { issueLicense } from './issue-license.ts';
import { renderLicenseKey } from './render-license-key.ts';
import { LICENSE_SUMMARY_SELECT, toLicenseSummary } from './search-licenses.ts';

const TERMS_SELECT = {
  id: true, status: true, statusReason: true, pluginId: true, purchaseId: true, subscriptionId: true, buyerEmail: true, entitlements: true, machineLimit: true, expiresAt: true,
  replacedBy: { select: { id: true, issuedAt: true } },
} as const;

/**
 * Replaces license `input.licenseId`, as `input.actor`, with `input.reason`: revokes it unless it
 * is already revoked (reason, actor and `deps.clock`'s now kept on it), then issues a new ACTIVE
 * license for the same buyer, plugin, purchase, subscription, entitlements, machine limit and
 * expiry, signed by the CURRENT key (issueLicense, as a paid purchase's), issued now, with
 * `replacesLicenseId` = the old one. Activations stay with the old license: the buyer activates
 * their machines again with the new key. Audited on both licenses (`licenses.replace`,
 * `licenses.issue`).
 * @returns the old license's new status, the new license's summary and its key (the signed JWT).
 * @throws AppError NOT_FOUND (no such license), CONFLICT (it was already replaced: a license is
 *   replaced once; replace its replacement instead).
 */
export async function replaceLicense(deps: Pick<AppDeps, 'prisma' | 'clock' | 'config'>, input: LicenseReplaceInput & { actor: Actor }) {
  const { actor, licenseId, reason } = input;
  const now = deps.clock.now();
  const { replaced, created } = await deps.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "License" WHERE id = ${licenseId} FOR UPDATE`;
    const old = await tx.license.findUnique({ where: { id: licenseId }, select: TERMS_SELECT });
    if (!old) throw new AppError('NOT_FOUND', { message: `No license ${licenseId}` });
    if (old.replacedBy) {
      throw new AppError('CONFLICT', { message: `License ${licenseId} was already replaced by license ${old.replacedBy.id} on ${old.replacedBy.issuedAt.toISOString().slice(0, 10)}: a license is replaced once; replace the new one instead` });
    }
    const before: { status: LicenseStatus; statusReason: string | null } = { status: old.status, statusReason: old.statusReason };
    const revoked = old.status === 'REVOKED'
      ? await tx.license.findUniqueOrThrow({ where: { id: licenseId }, select: { id: true, status: true, statusReason: true, statusChangedAt: true } })
      : await tx.license.update({
          where: { id: licenseId },
          data: { status: 'REVOKED', statusReason: `Replaced: ${reason}`, statusChangedAt: now, statusChangedById: actor.userId },
          select: { id: true, status: true, statusReason: true, statusChangedAt: true },
        });
    const issued = await issueLicense(tx, {
      pluginId: old.pluginId, purchaseId: old.purchaseId, subscriptionId: old.subscriptionId, buyerEmail: old.buyerEmail,
      entitlements: old.entitlements, machineLimit: old.machineLimit, expiresAt: old.expiresAt, issuedAt: now, replacesLicenseId: licenseId,
    });
    await writeAudit(tx, { actor, action: 'licenses.replace', targetType: 'License', targetId: licenseId, reason, before, after: { status: 'REVOKED', replacedByLicenseId: issued.id } });
    await writeAudit(tx, { actor, action: 'licenses.issue', targetType: 'License', targetId: issued.id, reason, after: { status: 'ACTIVE', replacesLicenseId: licenseId, signingKid: issued.signingKid } });
    return { replaced: revoked, created: issued };
  });
  const row = await deps.prisma.license.findUniqueOrThrow({ where: { id: created.id }, select: { ...LICENSE_SUMMARY_SELECT, pluginId: true, signingKid: true } });
  const { pluginId: _pluginId, signingKid: _kid, ...summary } = row;
  return { replaced, license: toLicenseSummary(summary), key: await renderLicenseKey(deps, row) };
}
