/**
 * The Stripe side of a purchase's ledger, for tests: what each account of the purchase should
 * sum to, computed from Stripe's objects alone.
 */
import type Stripe from 'stripe';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { purchaseLedger, type MoneyServer } from './helpers.ts';

/**
 * Per-account sums for one purchase computed straight from Stripe's objects, independently of
 * the posting code, in the platform's settlement currency (what each object did to its balance:
 * the balance transactions of the charge, refunds, refund failures and disputes; transfers,
 * reversals, application fees and their refunds are in it already): the charge and its balance transaction, the charge's transfer and every
 * transfer giving a failed refund's share back (by transfer group), their reversals, the
 * application fee and its refunds, the refunds and their failures, the disputes' balance
 * transactions. Accounts that sum to 0 are left out (as purchaseLedger leaves out accounts
 * without entries), so `expect(purchaseLedger(…)).toEqual(stripeViewOfPurchase(…))` compares them.
 */
export async function stripeViewOfPurchase(ts: MoneyServer, purchaseId: string): Promise<Record<string, number>> {
  const { stripe } = ts;
  const { chargeId } = await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId }, select: { chargeId: true } });
  const charge = await stripe.charges.retrieve(chargeId!, { expand: ['balance_transaction', 'transfer', 'application_fee'] });
  const all = <T>(list: { autoPagingToArray(o: { limit: number }): Promise<T[]> }) => list.autoPagingToArray({ limit: 10_000 });
  const refunds = await all(stripe.refunds.list({ charge: charge.id, limit: 100, expand: ['data.balance_transaction'] }));
  const transfers: Stripe.Transfer[] = charge.transfer && typeof charge.transfer === 'object' ? [charge.transfer] : [];
  for (const refund of refunds.filter((r) => r.status === 'failed' || r.status === 'canceled')) {
    transfers.push(...(await stripe.transfers.list({ transfer_group: `refund_restore_${refund.id}`, limit: 10 })).data);
  }
  const reversals = (await Promise.all(transfers.map((t) => all(stripe.transfers.listReversals(t.id, { limit: 100 }))))).flat();
  const fee = charge.application_fee && typeof charge.application_fee === 'object' ? charge.application_fee : null;
  const feeRefunds = fee ? await all(stripe.applicationFees.listRefunds(fee.id, { limit: 100 })) : [];
  const disputeBts = charge.disputed ? (await all(stripe.disputes.list({ charge: charge.id, limit: 100 }))).flatMap((d) => d.balance_transactions) : [];
  const sum = (xs: { amount: number }[]) => xs.reduce((s, x) => s + x.amount, 0);
  const chargeTransaction = charge.balance_transaction as Stripe.BalanceTransaction;
  const stripeFee = chargeTransaction.fee;
  const failedRefunds = refunds.filter((r) => r.status === 'failed' || r.status === 'canceled');
  const settledRefunds = refunds.map((r) => ({ amount: -(r.balance_transaction as Stripe.BalanceTransaction).amount }));
  const failures = await Promise.all(failedRefunds.map((r) => stripe.balanceTransactions.retrieve(r.failure_balance_transaction as string)));
  const feeAmount = fee?.amount ?? 0;
  const view: Record<string, number> = {
    BUYER_PAYMENTS: -chargeTransaction.amount,
    STRIPE_FEES: stripeFee + disputeBts.reduce((s, bt) => s + bt.fee, 0),
    CREATOR_PAYABLE: sum(transfers) - sum(reversals) - feeAmount + sum(feeRefunds),
    PLATFORM_FEES: feeAmount - sum(feeRefunds),
    REFUNDS: sum(settledRefunds) - sum(failures),
    DISPUTES: -sum(disputeBts),
    STRIPE_BALANCE: chargeTransaction.net - sum(transfers) + sum(reversals) - sum(settledRefunds) + sum(failures) + disputeBts.reduce((s, bt) => s + bt.net, 0),
  };
  return Object.fromEntries(Object.entries(view).filter(([, amount]) => amount !== 0));
}

/** purchaseLedger without the accounts whose entries sum to 0. */
export async function purchaseLedgerNonZero(prisma: PrismaClient, purchaseId: string): Promise<Record<string, number>> {
  return Object.fromEntries(Object.entries(await purchaseLedger(prisma, purchaseId)).filter(([, amount]) => amount !== 0));
}
