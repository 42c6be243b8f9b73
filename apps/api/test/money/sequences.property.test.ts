/**
 * Property (fast-check, fixed seed, bounded): whatever sequence of money events happens to a
 * purchase — partial and full refunds through Marketdesk (tiny ones included), refunds that fail
 * and their retries, refunds made in Stripe's Dashboard with or without reversal and fee refund,
 * disputes won and lost — in a zero-, two- or three-decimal currency, or in EUR on a platform
 * settling in USD (every balance effect converted at the emulator's rate), after every step the
 * purchase's ledger equals what Stripe's objects say (stripeViewOfPurchase), its status follows the
 * charge, the whole ledger balances, and `finance.reconcile` finds no difference.
 * Each run is a real purchase through the emulator, so runs are few and shrinking is off.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amountStepFor, minimumChargeAmount, paidPurchaseStatus, roundDownToAmountStep } from '@marketdesk/shared';
import { buy, callerAs, createSeller, expectLedgerBalanced, newRequestKey, settle, startMoneyServer, type MoneyServer } from './helpers.ts';
import { purchaseLedgerNonZero, stripeViewOfPurchase } from './stripe-view.ts';

/** `settlement`: the platform's settlement currency during the run (null: the charge's own), which the ledger and reconcile use. */
const CURRENCIES = [
  { currency: 'usd', max: 500_000, settlement: null },
  { currency: 'jpy', max: 100_000, settlement: null },
  { currency: 'kwd', max: 200_000, settlement: null },
  { currency: 'eur', max: 400_000, settlement: 'usd' },
] as const;

type Step =
  | { kind: 'refund'; share: number; isTiny: boolean }
  | { kind: 'refundAll' }
  | { kind: 'failingRefund'; share: number }
  | { kind: 'dashboardRefund'; share: number; isReversed: boolean; isFeeRefunded: boolean }
  | { kind: 'dispute'; share: number; outcome: 'won' | 'lost' };

const share = fc.double({ min: 0.001, max: 1, noNaN: true });
const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('refund' as const), share, isTiny: fc.boolean() }), weight: 3 },
  fc.record({ kind: fc.constant('refundAll' as const) }),
  fc.record({ kind: fc.constant('failingRefund' as const), share }),
  fc.record({ kind: fc.constant('dashboardRefund' as const), share, isReversed: fc.boolean(), isFeeRefunded: fc.boolean() }),
  fc.record({ kind: fc.constant('dispute' as const), share, outcome: fc.constantFrom('won' as const, 'lost' as const) }),
);
const scenario = fc.record({
  currency: fc.constantFrom(...CURRENCIES),
  price: fc.double({ min: 0, max: 1, noNaN: true }),
  steps: fc.array(step, { minLength: 1, maxLength: 5 }),
});

let ts: MoneyServer;
beforeAll(async () => {
  ts = await startMoneyServer();
  // The platform's balance in each currency pays Dashboard refunds, chargebacks and restored shares.
  for (const { currency, max } of CURRENCIES) await buy(ts, (await createSeller(ts.prisma, { priceAmount: max * 40, currency })).plugin.id);
  await settle(ts);
});
afterAll(async () => ts?.close());

const emulatorControl = (path: string, body: object) =>
  fetch(`${ts.app.deps.stripe!.emulatorUrl}/_emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** An amount of about `fraction` of `of`, on the currency's refund step, at least one step; 0 when not even one step fits. */
function amountOf(fraction: number, of: number, currency: string): number {
  const step = amountStepFor(currency, 'refund');
  if (of < step) return 0;
  return Math.max(step, roundDownToAmountStep(Math.floor(of * fraction), currency, 'refund'));
}

/** Steps applied per kind and currency, printed at the end and checked so the property cannot pass by skipping everything. */
const applied = new Map<string, number>();

/** Applies one step to the purchase; a step that does not apply (nothing refundable, a second dispute) does nothing. */
async function apply(s: Step, purchaseId: string, currency: string): Promise<void> {
  const count = (kind: string) => applied.set(kind, (applied.get(kind) ?? 0) + 1);
  const { caller } = await callerAs(ts, ['FINANCE']);
  const purchase = await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } });
  const charge = await ts.stripe.charges.retrieve(purchase.chargeId!);
  const unrefunded = charge.amount - charge.amount_refunded;
  const record = await caller.finance.purchase({ purchaseId });
  if (s.kind === 'refund' || s.kind === 'refundAll') {
    if (record.refundable === 0 || record.hasOpenDispute) return;
    const amount = s.kind === 'refundAll' ? record.refundable : s.isTiny ? amountStepFor(currency, 'refund') : amountOf(s.share, record.refundable, currency);
    if (amount === 0 || amount > record.refundable) return;
    const preview = await caller.refunds.preview({ purchaseId, amount, currency });
    expect(preview.isFullRefund).toBe(amount === record.refundable);
    const done = await caller.refunds.create({ purchaseId, amount, currency, reason: 'REQUESTED_BY_CUSTOMER', note: 'property', revokeLicense: false, requestKey: newRequestKey() });
    expect(done.status).toBe('SUCCEEDED');
    count(`${s.kind === 'refundAll' ? 'full refund' : s.isTiny ? 'tiny refund' : 'partial refund'} ${currency}`);
  } else if (s.kind === 'failingRefund' || s.kind === 'dashboardRefund') {
    const amount = amountOf(s.share, unrefunded, currency);
    if (amount === 0 || record.hasOpenDispute || record.refundable === 0) return;
    const flags = s.kind === 'failingRefund' ? { reverse_transfer: true, refund_application_fee: true, metadata: { emulator_refund_status: 'failed' } } : { reverse_transfer: s.isReversed, refund_application_fee: s.isFeeRefunded };
    await ts.stripe.refunds.create({ charge: charge.id, amount, ...flags });
    count(s.kind === 'failingRefund' ? `failed refund ${currency}` : `Dashboard refund ${currency}`);
  } else {
    if (charge.disputed || unrefunded === 0) return;
    const amount = amountOf(s.share, unrefunded, currency);
    if (amount === 0) return;
    expect((await emulatorControl(`charges/${charge.id}/dispute`, { amount })).status).toBe(200);
    await settle(ts);
    const dispute = await ts.prisma.dispute.findFirstOrThrow({ where: { purchaseId } });
    expect((await emulatorControl(`disputes/${dispute.stripeDisputeId}/resolve`, { outcome: s.outcome })).status).toBe(200);
    count(`dispute ${s.outcome} ${currency}`);
  }
  await settle(ts);
}

describe('random money sequences (fast-check, seed 4242)', () => {
  it('keep every purchase\'s ledger equal to Stripe\'s objects and the platform reconciled', { timeout: 600_000 }, async () => {
    const from = new Date(Date.now() - 3_600_000);
    await fc.assert(
      fc.asyncProperty(scenario, async ({ currency: { currency, max, settlement }, price, steps }) => {
        ts.app.deps.stripe!.emulator!.control.configureSettlement({ settlementCurrency: settlement });
        const min = Math.max(minimumChargeAmount(currency), amountStepFor(currency, 'charge'));
        const priceAmount = roundDownToAmountStep(min + Math.floor(price * (max - min)), currency, 'charge') || min;
        const { plugin } = await createSeller(ts.prisma, { priceAmount, currency });
        const { purchaseId } = await buy(ts, plugin.id);
        await settle(ts);
        for (const s of steps) {
          await apply(s, purchaseId, currency);
          const label = `${priceAmount} ${currency} after ${JSON.stringify(s)}`;
          expect(await purchaseLedgerNonZero(ts.prisma, purchaseId), label).toEqual(await stripeViewOfPurchase(ts, purchaseId));
          const purchase = await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } });
          const charge = await ts.stripe.charges.retrieve(purchase.chargeId!);
          expect(purchase.status, label).toBe(paidPurchaseStatus(charge.amount, charge.amount_refunded));
          const { caller } = await callerAs(ts, ['FINANCE']);
          expect((await caller.finance.reconcile({ from, to: new Date(Date.now() + 60_000), currency: settlement ?? currency })).difference, label).toBe(0);
        }
      }),
      { seed: 4242, numRuns: 16, endOnFailure: true },
    );
    await expectLedgerBalanced(ts.prisma);
    console.log(`money sequences applied: ${[...applied].sort().map(([kind, n]) => `${kind} ×${n}`).join(', ')}`);
    for (const kind of ['partial refund', 'tiny refund', 'full refund', 'failed refund', 'Dashboard refund', 'dispute won', 'dispute lost']) {
      expect([...applied.keys()].some((k) => k.startsWith(kind)), `no ${kind} was applied`).toBe(true);
    }
    for (const { currency } of CURRENCIES) expect([...applied.keys()].some((k) => k.endsWith(currency)), `nothing in ${currency}`).toBe(true);
  });
});
