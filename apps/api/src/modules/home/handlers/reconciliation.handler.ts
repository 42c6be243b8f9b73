import type { Context } from '../../../platform/trpc/context.ts';
import { reconcileRecentMonths } from '../reconcile-recent-months.ts';

/** `home.reconciliation`: this month and last, ledger against Stripe (finance only). */
export function reconciliationHandler({ ctx }: { ctx: Context }) {
  return reconcileRecentMonths(ctx.deps);
}
