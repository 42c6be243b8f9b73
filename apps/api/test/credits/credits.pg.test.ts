/**
 * Credits under concurrency, on the PostgreSQL server whatever DATABASE_URL says (PGlite is one session):
 * two runs of the creators' share job pay once, a run that died after Stripe's transfer is not
 * paid again, and a refund of unused credits racing a usage draw never spends the same credits twice.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { availableCreditsOf, creditBalanceOf } from '../../src/modules/payments/index.ts';
import { creditUseEntries, postLedgerTransaction } from '../../src/modules/payments/ledger.ts';
import { creditShareTransferGroup, payCreditShares } from '../../src/modules/payments/pay-credit-shares.ts';
import { callerAs, expectLedgerBalanced, newRequestKey, settle, startMoneyServer, type MoneyServer } from '../money/helpers.ts';
import { buyCreditPack, licensedBuyer, spendCredits } from './helpers.ts';
import { openTestDatabase } from '../harness.ts';

let ts: MoneyServer;
beforeAll(async () => {
  ts = await startMoneyServer({ db: await openTestDatabase({ target: 'postgres', isMigrated: false }) });
});
afterAll(async () => ts?.close());

/** Σ of the creator's credit-share transfers in the ledger (CREATOR_PAYABLE, stream CREDITS_USED, no purchase) and Σ of its credit-use shares. */
async function shareLedger(creatorId: string) {
  const [row] = await ts.prisma.$queryRaw<{ used: bigint | null; paid: bigint | null }[]>`
    SELECT SUM(e.amount) FILTER (WHERE t.kind = 'credit_use' AND e."accountType" = 'STRIPE_BALANCE')::bigint AS used,
           SUM(e.amount) FILTER (WHERE t.kind = 'transfer' AND e."accountType" = 'CREATOR_PAYABLE' AND e.stream = 'CREDITS_USED' AND t."purchaseId" IS NULL)::bigint AS paid
      FROM "LedgerEntry" e JOIN "LedgerTransaction" t ON t.id = e."transactionId" WHERE e."creatorId" = ${creatorId}`;
  return { used: Number(row?.used ?? 0n), paid: Number(row?.paid ?? 0n) };
}

describe('creators’ share of used credits (PostgreSQL)', () => {
  it('pays once under two concurrent runs, and the ledger reconciles with Stripe’s transfers', async () => {
    const { key, license, creator } = await licensedBuyer(ts);
    await buyCreditPack(ts, key, 5000);
    await spendCredits(ts, license, 2000);
    await spendCredits(ts, license, 1000);
    const runs = await Promise.all([payCreditShares(ts.app.deps), payCreditShares(ts.app.deps)]);
    const made = runs.flatMap((run) => run.transfers.filter((t) => t.creatorId === creator.id));
    expect(made).toEqual([expect.objectContaining({ amount: 2700, currency: 'usd' })]);
    const transfers = (await ts.stripe.transfers.list({ transfer_group: creditShareTransferGroup(creator.id, 'usd') })).data;
    expect(transfers.map((t) => t.amount)).toEqual([2700]);
    expect(await shareLedger(creator.id)).toEqual({ used: 2700, paid: 2700 });
    // Nothing owed: more runs, concurrent again, make nothing.
    await Promise.all([payCreditShares(ts.app.deps), payCreditShares(ts.app.deps)]);
    expect((await ts.stripe.transfers.list({ transfer_group: creditShareTransferGroup(creator.id, 'usd') })).data).toHaveLength(1);
    await expectLedgerBalanced(ts.prisma);
  });

  it('counts a transfer Stripe made for a run that died before posting it, instead of paying again', async () => {
    const { key, license, creator } = await licensedBuyer(ts);
    await buyCreditPack(ts, key, 1000);
    await spendCredits(ts, license, 500);
    const account = await ts.prisma.creatorAccount.findUniqueOrThrow({ where: { id: creator.id }, select: { stripeAccountId: true } });
    const group = creditShareTransferGroup(creator.id, 'usd');
    // What a run makes before posting (same key), then "dies".
    await ts.stripe.transfers.create(
      { amount: 450, currency: 'usd', destination: account.stripeAccountId!, transfer_group: group, description: 'Creator share of used credits', metadata: { kind: 'credit_share', creator_id: creator.id, used_total: '450' } },
      { idempotencyKey: `credit_share:${creator.id}:usd:450` },
    );
    await spendCredits(ts, license, 200);
    await payCreditShares(ts.app.deps);
    const transfers = (await ts.stripe.transfers.list({ transfer_group: group })).data;
    // The dead run's 450 is posted; only the new use's 180 is paid.
    expect(transfers.map((t) => t.amount).sort((a, b) => a - b)).toEqual([180, 450]);
    expect(await shareLedger(creator.id)).toEqual({ used: 630, paid: 630 });
    await expectLedgerBalanced(ts.prisma);
  });
});

describe('refund of unused credits racing a usage draw (PostgreSQL)', () => {
  it('never spends the same credits twice: the balance stays ≥ 0 and exactly one of them gets the last credits', async () => {
    const { key, license } = await licensedBuyer(ts);
    const pack = await buyCreditPack(ts, key, 1000);
    const plugin = await ts.prisma.plugin.findUniqueOrThrow({ where: { id: license.pluginId }, select: { creatorId: true } });
    const { caller } = await callerAs(ts, ['FINANCE']);
    /** A usage draw as the usage report makes it: lock, read what is available, post the use only if it is covered. */
    const draw = (amount: number) => ts.prisma.$transaction(async (tx) => {
      const available = await availableCreditsOf(tx, license.id, { isLocking: true });
      if (available < amount) return false;
      await postLedgerTransaction(tx, {
        externalKey: `credit_use:race-${randomUUID()}`, kind: 'credit_use', currency: 'usd', occurredAt: new Date(), description: 'Race',
        entries: creditUseEntries({ creatorId: plugin.creatorId, pluginId: license.pluginId, licenseId: license.id }, amount, Math.round(amount / 10)),
      });
      return true;
    });
    const refund = caller.refunds.create({ purchaseId: pack.purchaseId, amount: 800, currency: 'usd', reason: 'REQUESTED_BY_CUSTOMER', note: 'Race', revokeLicense: false, requestKey: newRequestKey() })
      .then(() => true, (error: unknown) => {
        if (error instanceof TRPCError && error.code === 'BAD_REQUEST') return false;
        throw error;
      });
    const [isRefunded, isDrawn] = await Promise.all([refund, draw(800)]);
    expect(isRefunded !== isDrawn, `refunded ${isRefunded}, drawn ${isDrawn}`).toBe(true);
    await settle(ts);
    const balance = await ts.prisma.$transaction((tx) => creditBalanceOf(tx, license.id));
    expect(balance).toBe(200);
    await expectLedgerBalanced(ts.prisma);
  });
});
