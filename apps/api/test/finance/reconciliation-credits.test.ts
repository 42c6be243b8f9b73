/**
 * finance.reconciliation and finance.reconcile with prepaid credits, against the Stripe emulator
 * over HTTP: a credit pack is a platform charge (no transfer, no application fee) that the ledger
 * posts to CREDIT_LIABILITY, so the platform's balance is STRIPE_BALANCE + PLATFORM_FEES +
 * CREDIT_LIABILITY (payments/ledger.ts). Its charge, its refund and the transfer of the creator's
 * share of used credits each match their balance transaction; credit use and grants (no Stripe
 * object) are never reported missing at Stripe.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chargeEntries, creditGrantEntries, creditUseEntries, postLedgerTransaction, refundEntries, transferEntries, type LedgerPosting } from '../../src/modules/payments/ledger.ts';
import { callerAs, createSeller, expectLedgerBalanced, onboardSeller, startMoneyServer, type MoneyServer } from '../money/helpers.ts';

let ts: MoneyServer | undefined;
afterEach(async () => {
  await ts?.close();
  ts = undefined;
});

const recentPeriod = () => ({ from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000), currency: 'usd' });

async function post(server: MoneyServer, posting: Omit<LedgerPosting, 'currency'>) {
  await server.prisma.$transaction((tx) => postLedgerTransaction(tx, { currency: 'usd', ...posting }));
}

describe('finance.reconciliation with prepaid credits', () => {
  it('a credit pack\'s charge, its refund and the creator\'s share of used credits match Stripe; use and grants are not missing there', async () => {
    ts = await startMoneyServer();
    const { creator, plugin } = await createSeller(ts.prisma, { priceAmount: 2000 });
    const destination = await onboardSeller(ts, creator.id);
    const license = await ts.prisma.license.create({
      data: { keyId: `key-${creator.id}`, pluginId: plugin.id, buyerEmail: 'credits@example.test', entitlements: [], signingKid: (await ts.prisma.signingKey.findFirstOrThrow({ select: { kid: true } })).kid },
    });
    const tags = { creatorId: creator.id, pluginId: plugin.id, licenseId: license.id };

    // The pack: a platform charge of 5000 (no transfer_data, no application fee).
    const pi = await ts.stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }, { idempotencyKey: `credit-pack-${license.id}` });
    const charge = await ts.stripe.charges.retrieve(pi.latest_charge as string, { expand: ['balance_transaction'] });
    const stripeFee = (charge.balance_transaction as { fee: number }).fee;
    const at = (created: number) => new Date(created * 1000);
    await post(ts, { externalKey: `charge:${charge.id}`, kind: 'payment', occurredAt: at(charge.created), entries: chargeEntries({ ...tags, stream: 'CREDITS_SOLD' }, 5000, stripeFee) });
    // 1000 of unused credits refunded.
    const refund = await ts.stripe.refunds.create({ charge: charge.id, amount: 1000 }, { idempotencyKey: `credit-refund-${license.id}` });
    await post(ts, { externalKey: `refund:${refund.id}`, kind: 'refund', occurredAt: at(refund.created), entries: refundEntries({ ...tags, stream: 'CREDITS_SOLD' }, 1000) });
    // 1200 used (fee 120), 500 granted by support: no Stripe object. The creator's 1080 reaches them by a transfer.
    await post(ts, { externalKey: `credit_use:${license.id}:1`, kind: 'credit_use', occurredAt: new Date(), entries: creditUseEntries(tags, 1200, 120) });
    await post(ts, { externalKey: `credit_grant:${license.id}:1`, kind: 'credit_grant', occurredAt: new Date(), entries: creditGrantEntries(tags, 500) });
    const transfer = await ts.stripe.transfers.create({ amount: 1080, currency: 'usd', destination, source_transaction: charge.id }, { idempotencyKey: `credit-share-${license.id}` });
    await post(ts, { externalKey: `transfer:${transfer.id}`, kind: 'transfer', occurredAt: at(transfer.created), entries: transferEntries({ ...tags, stream: 'CREDITS_USED' }, 1080) });
    await expectLedgerBalanced(ts.prisma);

    const { caller } = await callerAs(ts, ['FINANCE']);
    const result = await caller.finance.reconciliation(recentPeriod());
    expect(result.differences).toEqual([]);
    expect(result.isReconciled).toBe(true);
    // The platform keeps 5000 − fee − 1000 refunded − 1080 transferred (the credits still owed are in its balance).
    expect(result.ledgerPlatformNet).toBe(5000 - stripeFee - 1000 - 1080);
    expect(result.stripePlatformNet).toBe(result.ledgerPlatformNet);
    expect(result.byType.map((row) => [row.type, row.stripeCount, row.ledgerCount, row.stripeNet, row.ledgerNet])).toEqual([
      ['charge', 1, 1, 5000 - stripeFee, 5000 - stripeFee], ['refund', 1, 1, -1000, -1000], ['transfer', 1, 1, -1080, -1080],
    ]);
    const totals = await caller.finance.reconcile(recentPeriod());
    expect(totals).toMatchObject({ ledgerPlatformNet: result.ledgerPlatformNet, stripePlatformNet: result.stripePlatformNet, difference: 0, isBalanced: true });
  });

  it('a credit-pack refund the ledger never posted is a difference of its amount', async () => {
    ts = await startMoneyServer();
    const { creator, plugin } = await createSeller(ts.prisma, { priceAmount: 2000 });
    const tags = { creatorId: creator.id, pluginId: plugin.id, stream: 'CREDITS_SOLD' as const };
    const pi = await ts.stripe.paymentIntents.create({ amount: 3000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const charge = await ts.stripe.charges.retrieve(pi.latest_charge as string, { expand: ['balance_transaction'] });
    await post(ts, { externalKey: `charge:${charge.id}`, kind: 'payment', occurredAt: new Date(charge.created * 1000), entries: chargeEntries(tags, 3000, (charge.balance_transaction as { fee: number }).fee) });
    const refund = await ts.stripe.refunds.create({ charge: charge.id, amount: 700 });
    const { caller } = await callerAs(ts, ['FINANCE']);
    const result = await caller.finance.reconciliation(recentPeriod());
    expect(result.differences).toHaveLength(1);
    expect(result.differences[0]).toMatchObject({ kind: 'MISSING_IN_LEDGER', expectedKey: `refund:${refund.id}`, difference: 700, ledger: null });
  });
});
