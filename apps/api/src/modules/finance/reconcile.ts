/**
 * Reconciliation: the ledger's view of the platform's Stripe balance for a period
 * (Σ STRIPE_BALANCE + Σ PLATFORM_FEES + Σ CREDIT_LIABILITY: fees kept, minus Stripe fees and
 * chargebacks it bore, plus prepaid credits held — payments/ledger.ts' header)
 * against Stripe's own balance transactions of the platform account for the same period
 * (Σ net, the platform's payouts to its bank left out). A difference names money that moved at
 * Stripe without a matching posting (an unprocessed event, a manual transfer) or the reverse.
 * Both sides are in the platform's settlement currency: balance transactions are, and the ledger
 * posts each object's balance effect (ledger.ts), so a EUR sale of a USD-settling platform
 * reconciles in USD. Pending funds count as they move, whether available yet or not.
 */
import type { AppDeps } from '../../platform/deps.ts';
import { sumAccounts, type Period } from './figures.ts';
import { ceilToSecond, listPlatformBalanceTransactions } from './reconcile-differences.ts';
import { PLATFORM_BALANCE_ACCOUNTS } from './rules.ts';

/**
 * Reconciles `period` (`{ from, to, currency }`, [from, to), bounds rounded up to whole seconds as
 * Stripe dates its objects): amounts in minor units.
 * @returns the ledger's and Stripe's platform net, their difference, Stripe's net per balance
 *   transaction type, and whether they agree.
 * @throws AppError PRECONDITION_FAILED in a process without Stripe; Stripe errors when the
 *   balance transactions cannot be listed.
 */
export async function reconcilePeriod(deps: Pick<AppDeps, 'prisma' | 'stripe'>, input: Period) {
  // Stripe dates objects in whole seconds, and the ledger posts them at those seconds: [from, to)
  // holds the same seconds on both sides once each bound is rounded up to a whole second
  // (flooring `from` counted a charge made at 10:00:00 into a period from 10:00:00.5 at Stripe only).
  const period = { ...input, from: ceilToSecond(input.from), to: ceilToSecond(input.to) };
  const byType = new Map<string, { count: number; net: number }>();
  let stripePlatformNet = 0;
  for (const bt of await listPlatformBalanceTransactions(deps, period)) {
    stripePlatformNet += bt.net;
    const row = byType.get(bt.type) ?? { count: 0, net: 0 };
    row.count += 1;
    row.net += bt.net;
    byType.set(bt.type, row);
  }
  const { sums } = await sumAccounts(deps, { period });
  const ledgerPlatformNet = Number(PLATFORM_BALANCE_ACCOUNTS.reduce((total, account) => total + (sums[account] ?? 0n), 0n));
  return {
    currency: period.currency, from: period.from, to: period.to, ledgerPlatformNet, stripePlatformNet,
    difference: ledgerPlatformNet - stripePlatformNet,
    stripeByType: [...byType.entries()].map(([type, v]) => ({ type, ...v })).sort((a, b) => a.type.localeCompare(b.type)),
    isBalanced: ledgerPlatformNet === stripePlatformNet,
  };
}
