import { ZDisputesListInput, ZDisputesListOutput, ZKpisOutput, ZLedgerTransactionInput, ZLedgerTransactionOutput, ZPayoutsByStatusInput, ZPayoutsByStatusOutput, ZPayoutsListInput, ZPayoutsListOutput, ZPeriodInput, ZPricingModelsOutput, ZPurchaseSearchInput, ZPurchaseSearchOutput, ZPurchaseTimelineInput, ZPurchaseTimelineOutput, ZReconcileOutput, ZReconciliationOutput, ZSeriesInput, ZSeriesOutput, ZTopInput, ZTopOutput } from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { kpisHandler } from './handlers/kpis.handler.ts';
import { seriesHandler } from './handlers/series.handler.ts';
import { topHandler } from './handlers/top.handler.ts';
import { payoutsByStatusHandler } from './handlers/payouts-by-status.handler.ts';
import { searchPurchasesHandler } from './handlers/search-purchases.handler.ts';
import { purchaseHandler } from './handlers/purchase.handler.ts';
import { disputesHandler } from './handlers/disputes.handler.ts';
import { payoutsHandler } from './handlers/payouts.handler.ts';
import { reconcileHandler } from './handlers/reconcile.handler.ts';
import { reconciliationHandler } from './handlers/reconciliation.handler.ts';
import { ledgerTransactionHandler } from './handlers/ledger-transaction.handler.ts';
import { pricingModelsHandler } from './handlers/pricing-models.handler.ts';

export const financeRouter = router({
  kpis: permissionProcedure('finance.read').input(ZPeriodInput).output(ZKpisOutput).query(kpisHandler),
  series: permissionProcedure('finance.read').input(ZSeriesInput).output(ZSeriesOutput).query(seriesHandler),
  top: permissionProcedure('finance.read').input(ZTopInput).output(ZTopOutput).query(topHandler),
  payoutsByStatus: permissionProcedure('finance.read').input(ZPayoutsByStatusInput).output(ZPayoutsByStatusOutput).query(payoutsByStatusHandler),
  searchPurchases: permissionProcedure('finance.read').input(ZPurchaseSearchInput).output(ZPurchaseSearchOutput).query(searchPurchasesHandler),
  purchase: permissionProcedure('finance.read').input(ZPurchaseTimelineInput).output(ZPurchaseTimelineOutput).query(purchaseHandler),
  disputes: permissionProcedure('finance.read').input(ZDisputesListInput).output(ZDisputesListOutput).query(disputesHandler),
  payouts: permissionProcedure('finance.read').input(ZPayoutsListInput).output(ZPayoutsListOutput).query(payoutsHandler),
  reconcile: permissionProcedure('finance.read').input(ZPeriodInput).output(ZReconcileOutput).query(reconcileHandler),
  reconciliation: permissionProcedure('finance.read').input(ZPeriodInput).output(ZReconciliationOutput).query(reconciliationHandler),
  ledgerTransaction: permissionProcedure('finance.read').input(ZLedgerTransactionInput).output(ZLedgerTransactionOutput).query(ledgerTransactionHandler),
  pricingModels: permissionProcedure('finance.read').input(ZPeriodInput).output(ZPricingModelsOutput).query(pricingModelsHandler),
});
