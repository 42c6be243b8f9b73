/** A license's trial, as support reads it on the license page (licenses.trial). */
import type { LicenseTrial } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';

/**
 * The trial license `input.licenseId` was issued for: status, tier, start, end (with support's
 * extensions), conversion or end, and what the conversion charges (the tier's price now, minor
 * units of the plugin's currency).
 * @returns null when the license never was a trial license (or does not exist).
 */
export async function readLicenseTrial(deps: Pick<AppDeps, 'prisma'>, input: { licenseId: string }): Promise<LicenseTrial | null> {
  const trial = await deps.prisma.trial.findUnique({
    where: { licenseId: input.licenseId },
    select: {
      id: true, status: true, startedAt: true, endsAt: true, extendedDays: true, convertedAt: true, endedAt: true,
      tier: { select: { key: true, name: true, priceAmount: true } }, plugin: { select: { currency: true } },
    },
  });
  if (!trial) return null;
  return {
    id: trial.id, status: trial.status, tier: { key: trial.tier.key, name: trial.tier.name }, startedAt: trial.startedAt.toISOString(), endsAt: trial.endsAt.toISOString(),
    extendedDays: trial.extendedDays, convertedAt: trial.convertedAt?.toISOString() ?? null, endedAt: trial.endedAt?.toISOString() ?? null,
    amount: trial.tier.priceAmount, currency: trial.plugin.currency,
  };
}
