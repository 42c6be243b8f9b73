/**
 * Usage test helpers: a plugin with a tier of given quotas, a license of that tier (optionally on
 * an ACTIVE subscription whose period holds now), credits granted through the ledger's real
 * posting rule, and calls to `POST /v1/licenses/usage`.
 */
import { randomUUID } from 'node:crypto';
import type { LicenseUsageResponse, TierQuota } from '@marketdesk/shared';
import { creditGrantEntries, postLedgerTransaction } from '../../src/modules/payments/ledger.ts';
import type { AppDeps } from '../../src/platform/deps.ts';
import { createLicense, createPlugin } from '../licenses/helpers.ts';

export interface TieredLicenseOptions {
  quotas: TierQuota[];
  /** Put the license on an ACTIVE subscription whose current period is [now − 10 days, now + 20 days). */
  isSubscribed?: boolean;
  status?: 'ACTIVE' | 'SUSPENDED' | 'REVOKED' | 'EXPIRED';
}

/** A published plugin with a `pro` tier of `options.quotas`, and a license of that tier with its key. */
export async function createTieredLicense(deps: Pick<AppDeps, 'prisma' | 'config'>, options: TieredLicenseOptions) {
  const { prisma } = deps;
  const plugin = await createPlugin(prisma);
  const tier = await prisma.pluginTier.create({ data: { pluginId: plugin.id, key: 'pro', name: 'Pro', priceAmount: 1500, entitlements: ['plugin.use', 'pro'], quotas: options.quotas } });
  const { license, key } = await createLicense(deps, { pluginId: plugin.id, status: options.status });
  let subscriptionId: string | null = null;
  if (options.isSubscribed) {
    const now = Date.now();
    const subscription = await prisma.subscription.create({
      data: {
        buyerEmail: license.buyerEmail, pluginId: plugin.id, status: 'ACTIVE', tierId: tier.id,
        currentPeriodStart: new Date(now - 10 * 86_400_000), currentPeriodEnd: new Date(now + 20 * 86_400_000),
      },
    });
    subscriptionId = subscription.id;
  }
  await prisma.license.update({ where: { id: license.id }, data: { tierId: tier.id, subscriptionId } });
  return { plugin, tier, license, key, subscriptionId };
}

/** Credits of `amount` minor units granted to the license (creditGrantEntries), as support's grant posts them. */
export async function grantCredits(deps: Pick<AppDeps, 'prisma'>, license: { id: string; pluginId: string }, creatorId: string, amount: number) {
  await deps.prisma.$transaction(async (tx) => {
    await postLedgerTransaction(tx, {
      externalKey: `credit_grant:test-${randomUUID()}`, kind: 'credit_grant', currency: 'usd', occurredAt: new Date(),
      entries: creditGrantEntries({ creatorId, pluginId: license.pluginId, licenseId: license.id }, amount),
    });
  });
}

export interface UsageAnswer {
  status: number;
  body: LicenseUsageResponse & { error?: string; field?: string; code: string };
  text: string;
  headers: Headers;
}

/** POSTs `body` to /v1/licenses/usage. */
export async function callUsage(url: string, body: unknown): Promise<UsageAnswer> {
  const response = await fetch(`${url}/v1/licenses/usage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as UsageAnswer['body'], text, headers: response.headers };
}
