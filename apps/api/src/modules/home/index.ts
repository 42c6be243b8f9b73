/**
 * Home: what needs the signed-in user now, per role (counts with their most urgent date), and
 * the reconciliation of the last two months against Stripe, loaded on its own.
 */
export { homeRouter } from './router.ts';
export { readAttention } from './read-attention.ts';
export { reconcileRecentMonths } from './reconcile-recent-months.ts';
