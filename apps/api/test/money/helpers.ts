/**
 * Money test helpers: the real app (with its own Stripe emulator) on a loopback port, purchases
 * through `POST /v1/purchases`, webhook processing drained on demand, and the whole-ledger
 * balance check run after each scenario.
 */
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { expect } from 'vitest';
import type { Role } from '@marketdesk/shared';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { ensureConnectedAccount } from '../../src/modules/payments/create-purchase.ts';
import { drainStripeEvents } from '../../src/modules/payments/stripe-events.ts';
import { contextFor, createCaller, createTestUser, startTestServer, type TestServer } from '../harness.ts';

export interface MoneyServer extends TestServer {
  stripe: Stripe;
  prisma: PrismaClient;
}

export async function startMoneyServer(options: Parameters<typeof startTestServer>[0] = {}): Promise<MoneyServer> {
  const ts = await startTestServer(options);
  return { ...ts, stripe: ts.app.deps.stripe!.stripe, prisma: ts.app.deps.prisma };
}

/** Waits until the emulator delivered every webhook and the inbox processed every due event. */
export async function settle(ts: MoneyServer): Promise<void> {
  for (let round = 0; round < 20; round += 1) {
    await ts.app.deps.stripe!.emulator!.waitForDeliveries();
    const processed = await drainStripeEvents(ts.app.deps, { workerId: 'test-worker' });
    const pending = ts.app.deps.stripe!.emulator!.deliveryAttempts().length;
    void pending;
    if (processed === 0) return;
  }
}

export async function createSeller(prisma: PrismaClient, plugin: { priceAmount?: number; currency?: string } = {}) {
  const unique = randomUUID().slice(0, 8);
  const user = await createTestUser(prisma, ['CREATOR']);
  const creator = await prisma.creatorAccount.create({ data: { slug: `@seller-${unique}`, displayName: `Seller ${unique}`, userId: user.id } });
  const created = await prisma.plugin.create({ data: { name: `paid-plugin-${unique}`, creatorId: creator.id, priceAmount: plugin.priceAmount ?? 2000, currency: plugin.currency ?? 'usd', status: 'PUBLISHED' } });
  return { user, creator, plugin: created };
}

/**
 * Onboards creator `creatorId` at the test server's Stripe emulator, as the creator would on
 * Stripe's hosted page: their connected account (made if missing) can then receive transfers.
 * @returns the connected account id.
 */
export async function onboardSeller(ts: Pick<TestServer, 'app'>, creatorId: string): Promise<string> {
  const account = await ensureConnectedAccount(ts.app.deps, { creatorId });
  await ts.app.deps.stripe!.emulator!.control.completeOnboarding(account);
  return account;
}

/**
 * POST /v1/purchases paid server-side with a test payment method (default pm_card_visa), no
 * browser; the plugin's creator is first onboarded at Stripe (onboardSeller: a restricted creator cannot sell).
 */
export async function buy(ts: MoneyServer, pluginId: string, options: { paymentMethod?: string; email?: string } = {}) {
  const { creatorId } = await ts.prisma.plugin.findUniqueOrThrow({ where: { id: pluginId }, select: { creatorId: true } });
  await onboardSeller(ts, creatorId);
  const response = await fetch(`${ts.url}/v1/purchases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ pluginId, buyerEmail: options.email ?? `buyer-${randomUUID().slice(0, 8)}@example.com`, paymentMethod: options.paymentMethod ?? 'pm_card_visa' }),
  });
  const body = (await response.json()) as { purchaseId: string; paymentIntentId: string; status: string; paymentError: string | null };
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body;
}

/** A tRPC caller signed in with `roles`. */
export async function callerAs(ts: MoneyServer, roles: Role[]) {
  const user = await createTestUser(ts.prisma, roles);
  return { user, caller: createCaller(await contextFor(ts.app.deps, user)) };
}

/** Every ledger transaction sums to zero per currency and has entries; the hourly and daily totals match the entries. */
export async function expectLedgerBalanced(prisma: PrismaClient): Promise<void> {
  const unbalanced = await prisma.$queryRaw<{ transactionId: string }[]>`
    SELECT "transactionId" FROM "LedgerEntry" GROUP BY "transactionId", currency HAVING SUM(amount) <> 0`;
  expect(unbalanced).toEqual([]);
  const empty = await prisma.$queryRaw<{ id: string }[]>`SELECT t.id FROM "LedgerTransaction" t WHERE NOT EXISTS (SELECT 1 FROM "LedgerEntry" e WHERE e."transactionId" = t.id)`;
  expect(empty).toEqual([]);
  for (const [table, unit] of [['LedgerHourlyTotal', 'hour'], ['LedgerDailyTotal', 'day']] as const) {
    const drifted = await prisma.$queryRawUnsafe<{ at: Date }[]>(`
      SELECT COALESCE(t.${unit}, e.${unit}) AS at
        FROM "${table}" t
        FULL JOIN (SELECT currency, date_trunc('${unit}', "occurredAt") AS ${unit}, "accountType", SUM(amount) AS amount, COUNT(*)::int AS n
                     FROM "LedgerEntry" GROUP BY 1, 2, 3) e USING (currency, ${unit}, "accountType")
       WHERE t.amount IS DISTINCT FROM e.amount OR t."entryCount" IS DISTINCT FROM e.n`);
    expect(drifted, `${table} differs from the entries`).toEqual([]);
  }
}

/** Per-account sums of one purchase's ledger transactions. */
export async function purchaseLedger(prisma: PrismaClient, purchaseId: string): Promise<Record<string, number>> {
  const rows = await prisma.$queryRaw<{ account: string; total: bigint }[]>`
    SELECT e."accountType"::text AS account, SUM(e.amount)::bigint AS total FROM "LedgerEntry" e JOIN "LedgerTransaction" t ON t.id = e."transactionId"
     WHERE t."purchaseId" = ${purchaseId} GROUP BY 1`;
  return Object.fromEntries(rows.map((r) => [r.account, Number(r.total)]));
}

export const newRequestKey = () => randomUUID();
