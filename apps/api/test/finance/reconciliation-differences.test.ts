/**
 * finance.reconciliation against the Stripe emulator over HTTP (the real `stripe` SDK): a clean
 * period has no difference; a deleted ledger posting, a refund made at Stripe behind the
 * ledger's back (its webhook not processed) and a posting Stripe never saw each show up as a
 * difference naming the object, linked to its purchase. finance.ledgerTransaction drills into one.
 */
import { TRPCError } from '@trpc/server';
import { afterEach, describe, expect, it } from 'vitest';
import { postLedgerTransaction, refundEntries } from '../../src/modules/payments/ledger.ts';
import { buy, callerAs, createSeller, settle, startMoneyServer, type MoneyServer } from '../money/helpers.ts';

let ts: MoneyServer | undefined;
afterEach(async () => {
  await ts?.close();
  ts = undefined;
});

const recentPeriod = () => ({ from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000), currency: 'usd' });

/** A server with one settled sale of 2000 (fee 200): the purchase and its Stripe ids. */
async function serverWithSale() {
  ts = await startMoneyServer();
  const { plugin, creator } = await createSeller(ts.prisma, { priceAmount: 2000 });
  const { purchaseId } = await buy(ts, plugin.id);
  await settle(ts);
  const purchase = await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId }, select: { chargeId: true, transferId: true, applicationFeeId: true } });
  return { ts, purchaseId, creator, plugin, ...purchase };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

describe('finance.reconciliation', () => {
  it('a clean period has no difference, and its totals agree per type and with finance.reconcile', async () => {
    const { ts } = await serverWithSale();
    const { caller } = await callerAs(ts, ['FINANCE']);
    const period = recentPeriod();
    const result = await caller.finance.reconciliation(period);
    expect(result.differences).toEqual([]);
    expect(result.isReconciled).toBe(true);
    expect(result.difference).toBe(0);
    expect(result.ledgerPlatformNet).toBe(result.stripePlatformNet);
    expect(result.byType.map((row) => [row.type, row.stripeCount, row.ledgerCount, row.stripeNet === row.ledgerNet])).toEqual([
      ['application_fee', 1, 1, true], ['charge', 1, 1, true], ['transfer', 1, 1, true],
    ]);
    const totals = await caller.finance.reconcile(period);
    expect(totals.stripePlatformNet).toBe(result.stripePlatformNet);
    expect(totals.ledgerPlatformNet).toBe(result.ledgerPlatformNet);
  });

  it('a deleted ledger posting is a difference naming the Stripe transfer, linked to its purchase', async () => {
    const { ts, purchaseId, transferId } = await serverWithSale();
    const posting = await ts.prisma.ledgerTransaction.findUniqueOrThrow({ where: { externalKey: `transfer:${transferId}` }, select: { id: true } });
    // The ledger is append-only (a trigger refuses DELETE): tampering needs the triggers off.
    await ts.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
      await tx.ledgerEntry.deleteMany({ where: { transactionId: posting.id } });
      await tx.ledgerTransaction.delete({ where: { id: posting.id } });
    });
    const { caller } = await callerAs(ts, ['FINANCE']);
    const result = await caller.finance.reconciliation(recentPeriod());
    expect(result.isReconciled).toBe(false);
    expect(result.differences).toHaveLength(1);
    const [difference] = result.differences;
    expect(difference).toMatchObject({ kind: 'MISSING_IN_LEDGER', expectedKey: `transfer:${transferId}`, ledger: null, difference: 2000, link: { purchaseId } });
    expect(difference!.stripe).toMatchObject({ type: 'transfer', sourceId: transferId, net: -2000 });
    expect(difference!.stripe!.balanceTransactionId).toMatch(/^txn_/);
    expect(result.difference).toBe(2000);
  });

  it('a refund made at Stripe without its webhook processed is a difference until the inbox posts it', async () => {
    const { ts, purchaseId, chargeId } = await serverWithSale();
    const refund = await ts.stripe.refunds.create({ charge: chargeId!, amount: 300 });
    const { caller } = await callerAs(ts, ['FINANCE']);
    const before = await caller.finance.reconciliation(recentPeriod());
    expect(before.differences).toHaveLength(1);
    // No Refund row exists yet: the purchase is found through the charge Stripe names for the refund.
    expect(before.differences[0]).toMatchObject({ kind: 'MISSING_IN_LEDGER', expectedKey: `refund:${refund.id}`, difference: 300, link: { purchaseId } });
    expect(before.differences[0]!.stripe).toMatchObject({ type: 'refund', sourceId: refund.id, net: -300 });
    await settle(ts);
    const after = await caller.finance.reconciliation(recentPeriod());
    expect(after.differences).toEqual([]);
    expect(after.byType.find((row) => row.type === 'refund')).toMatchObject({ stripeCount: 1, ledgerCount: 1, stripeNet: -300, ledgerNet: -300 });
  });

  it('a ledger posting Stripe has no balance transaction for is a difference, and drills to its entries', async () => {
    const { ts, purchaseId, creator, plugin } = await serverWithSale();
    await ts.prisma.$transaction((tx) => postLedgerTransaction(tx, {
      externalKey: 'refund:re_never_at_stripe', kind: 'refund', purchaseId, currency: 'usd', occurredAt: new Date(), description: 'A refund Stripe never made',
      entries: refundEntries({ creatorId: creator.id, pluginId: plugin.id }, 450),
    }));
    const { caller } = await callerAs(ts, ['FINANCE']);
    const result = await caller.finance.reconciliation(recentPeriod());
    expect(result.differences).toHaveLength(1);
    expect(result.differences[0]).toMatchObject({ kind: 'MISSING_AT_STRIPE', stripe: null, difference: -450, link: { purchaseId }, ledger: { externalKey: 'refund:re_never_at_stripe', platformNet: -450 } });
    const transaction = await caller.finance.ledgerTransaction({ id: result.differences[0]!.ledger!.id });
    expect(transaction).toMatchObject({ externalKey: 'refund:re_never_at_stripe', kind: 'refund', purchaseId, description: 'A refund Stripe never made' });
    expect(transaction.entries).toEqual([
      { accountType: 'REFUNDS', amount: 450, currency: 'usd', creatorId: creator.id, creatorName: creator.displayName, pluginId: plugin.id, pluginName: plugin.name },
      { accountType: 'STRIPE_BALANCE', amount: -450, currency: 'usd', creatorId: creator.id, creatorName: creator.displayName, pluginId: plugin.id, pluginName: plugin.name },
    ]);
  });

  it('is finance\'s and admins\': support and creators are refused, an unknown ledger transaction is not found', async () => {
    const { ts, chargeId } = await serverWithSale();
    const posting = await ts.prisma.ledgerTransaction.findUniqueOrThrow({ where: { externalKey: `charge:${chargeId}` }, select: { id: true } });
    for (const roles of [['ADMIN'], ['FINANCE']] as const) {
      const { caller } = await callerAs(ts, [...roles]);
      expect(await codeOf(caller.finance.reconciliation(recentPeriod()))).toBe('OK');
      expect(await codeOf(caller.finance.ledgerTransaction({ id: posting.id }))).toBe('OK');
    }
    for (const roles of [['SUPPORT'], ['CREATOR'], ['MODERATOR']] as const) {
      const { caller } = await callerAs(ts, [...roles]);
      expect(await codeOf(caller.finance.reconciliation(recentPeriod()))).toBe('FORBIDDEN');
      expect(await codeOf(caller.finance.ledgerTransaction({ id: posting.id }))).toBe('FORBIDDEN');
    }
    const { caller } = await callerAs(ts, ['FINANCE']);
    expect(await codeOf(caller.finance.ledgerTransaction({ id: 'ltx_missing' }))).toBe('NOT_FOUND');
  });
});
