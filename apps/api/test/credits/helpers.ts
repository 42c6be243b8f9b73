/**
 * Credit test helpers: a paid license bought through POST /v1/purchases, a credit pack through
 * POST /v1/credit-packs (both paid server-side at the app's Stripe emulator and completed by the
 * webhook), and credits spent by a `credit_use` posting made as the usage report makes it (until
 * the usage endpoint is used here).
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { creditUseEntries, postLedgerTransaction } from '../../src/modules/payments/ledger.ts';
import { platformFee } from '../../src/modules/payments/create-purchase.ts';
import { renderLicenseKey } from '../../src/modules/licenses/render-license-key.ts';
import { buy, createSeller, settle, type MoneyServer } from '../money/helpers.ts';

/** A published plugin, its creator onboarded, bought once: the buyer's license and key. */
export async function licensedBuyer(ts: MoneyServer, plugin: { priceAmount?: number; currency?: string } = {}) {
  const seller = await createSeller(ts.prisma, plugin);
  const bought = await buy(ts, seller.plugin.id);
  await settle(ts);
  const license = await ts.prisma.license.findFirstOrThrow({ where: { purchaseId: bought.purchaseId } });
  const key = await renderLicenseKey(ts.app.deps, license);
  return { ...seller, license, key, purchaseId: bought.purchaseId };
}

export interface CreditPackAnswer {
  status: number;
  body: { purchaseId: string; licenseId: string; paymentIntentId: string | null; checkoutUrl: string | null; amount: number; currency: string; applicationFeeAmount: number; status: string; paymentError: string | null; code?: string; field?: string; error?: string; message?: string };
}

/** POST /v1/credit-packs with `body` (paid server-side with pm_card_visa unless `paymentMethod` is set to null). */
export async function postCreditPack(ts: MoneyServer, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<CreditPackAnswer> {
  const response = await fetch(`${ts.url}/v1/credit-packs`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as CreditPackAnswer['body'] };
}

/** Buys a pack of `packAmount` for `key` and lets the webhook complete it. */
export async function buyCreditPack(ts: MoneyServer, key: string, packAmount: number) {
  const answer = await postCreditPack(ts, { licenseKey: key, packAmount, paymentMethod: 'pm_card_visa' }, { 'idempotency-key': randomUUID() });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  await settle(ts);
  return answer.body;
}

/** Spends `amount` credits of `license` as a usage report does: one `credit_use` posting with the platform's fee. */
export async function spendCredits(ts: MoneyServer, license: { id: string; pluginId: string }, amount: number): Promise<void> {
  const plugin = await ts.prisma.plugin.findUniqueOrThrow({ where: { id: license.pluginId }, select: { creatorId: true, currency: true } });
  await ts.prisma.$transaction(async (tx) => {
    await postLedgerTransaction(tx, {
      externalKey: `credit_use:test-${randomUUID()}`, kind: 'credit_use', currency: plugin.currency, occurredAt: new Date(), description: 'Test usage paid with credits',
      entries: creditUseEntries({ creatorId: plugin.creatorId, pluginId: license.pluginId, licenseId: license.id }, amount, platformFee(amount, ts.app.deps.config.platformFeePercent)),
    });
  });
}

/** Per-account sums of the ledger entries tagged with license `licenseId`'s credits, or of a set of transactions. */
export async function creditLedger(prisma: PrismaClient, licenseId: string): Promise<Record<string, number>> {
  const rows = await prisma.$queryRaw<{ account: string; total: bigint }[]>`
    SELECT e."accountType"::text AS account, SUM(e.amount)::bigint AS total FROM "LedgerEntry" e
     WHERE e."transactionId" IN (SELECT DISTINCT "transactionId" FROM "LedgerEntry" WHERE "licenseId" = ${licenseId}) GROUP BY 1`;
  return Object.fromEntries(rows.map((r) => [r.account, Number(r.total)]));
}
