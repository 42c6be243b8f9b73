/**
 * A free license: a FREE plugin, or a tier priced 0, is licensed at once without Stripe — no
 * Purchase, no ledger posting; the License has purchaseId null and the tier's terms. One per
 * (buyer email, plugin, tier): its id is derived from them, so the same request again, or ten at
 * the same time, find the one license (the losers of the insert race read the winner's row).
 */
import { createHash } from 'node:crypto';
import type { FreeLicenseOutput, TierKey } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { issueLicense, licenseTermsOfTier, renderLicenseKey } from '../licenses/index.ts';

/** The License id of the free license of `buyerEmail` (case-insensitive) for plugin `pluginId`'s tier `tierKey` (null: no tiers). */
export function freeLicenseIdFor(input: { pluginId: string; tierKey: string | null; buyerEmail: string }): string {
  const digest = createHash('sha256').update(JSON.stringify([input.pluginId, input.tierKey, input.buyerEmail.trim().toLowerCase()])).digest('hex');
  return `lic_free_${digest.slice(0, 32)}`;
}

const licenseSelect = { id: true, keyId: true, pluginId: true, entitlements: true, machineLimit: true, issuedAt: true, expiresAt: true, signingKid: true } as const;

/** Prisma's unique-constraint violation (P2002): another request inserted the same id first. */
const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002';

/**
 * Issues (or finds) the free license of `input.buyerEmail` for `input.plugin` at `input.tier`
 * (null for a FREE plugin without tiers: the default entitlements and machine limit): ACTIVE,
 * no expiry, issued at `deps.clock`'s now; answers its key.
 * @throws Error when no CURRENT signing key exists (the API creates one on start), or the
 *   signing key does not decrypt.
 */
export async function issueFreeLicense(
  deps: Pick<AppDeps, 'prisma' | 'clock' | 'config'>,
  input: { plugin: { id: string; currency: string }; tier: { id: string; key: string; entitlements: string[]; machineLimit: number } | null; buyerEmail: string },
): Promise<FreeLicenseOutput> {
  const { prisma } = deps;
  const id = freeLicenseIdFor({ pluginId: input.plugin.id, tierKey: input.tier?.key ?? null, buyerEmail: input.buyerEmail });
  let license = await prisma.license.findUnique({ where: { id }, select: licenseSelect });
  if (!license) {
    try {
      await prisma.$transaction(async (tx) => {
        await issueLicense(tx, {
          id, pluginId: input.plugin.id, purchaseId: null, subscriptionId: null, buyerEmail: input.buyerEmail,
          ...licenseTermsOfTier(input.tier), expiresAt: null, issuedAt: deps.clock.now(),
        });
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    license = await prisma.license.findUniqueOrThrow({ where: { id }, select: licenseSelect });
  }
  return {
    status: 'FREE', licenseId: license.id, licenseKey: await renderLicenseKey(deps, license), pluginId: input.plugin.id,
    tier: (input.tier?.key ?? null) as TierKey | null, purchaseId: null, amount: 0, currency: input.plugin.currency,
  };
}
