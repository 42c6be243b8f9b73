/**
 * Finance: KPIs and time series from the ledger's hourly and daily totals, purchase search and
 * records, disputes and payouts lists, reconciliation against Stripe, the CSV export, and each
 * creator's own earnings.
 */
export { readKpis, readSeries } from './analytics.ts';
export { creatorRouter } from './creator-router.ts';
export { readCreatorEarnings } from './creator-earnings.ts';
export type { FinanceDeps } from './deps.ts';
export { sumAccounts, toFigures } from './figures.ts';
export { registerFinanceRoutes } from './http.ts';
export { reconcilePeriod } from './reconcile.ts';
export { financeRouter } from './router.ts';
