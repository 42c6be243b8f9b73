import { ZCreatorEarningsByModelInput, ZCreatorEarningsByModelOutput, ZCreatorEarningsInput, ZCreatorEarningsOutput, ZCreatorPayoutsInput, ZCreatorPayoutsOutput, ZCreatorRefundsInput, ZCreatorRefundsOutput, ZCreatorSalesInput, ZCreatorSalesOutput, ZCreatorSeriesInput, ZCreatorSeriesOutput, ZCreatorUsageInput, ZCreatorUsageOutput } from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { earningsHandler } from './handlers/creator-earnings.handler.ts';
import { earningsSeriesHandler } from './handlers/creator-earnings-series.handler.ts';
import { salesByPluginHandler } from './handlers/creator-sales-by-plugin.handler.ts';
import { payoutsHandler } from './handlers/creator-payouts.handler.ts';
import { refundsHandler } from './handlers/creator-refunds.handler.ts';
import { earningsByModelHandler } from './handlers/creator-earnings-by-model.handler.ts';
import { usageHandler } from './handlers/creator-usage.handler.ts';

export const creatorRouter = router({
  earnings: permissionProcedure('creator.readOwn').input(ZCreatorEarningsInput).output(ZCreatorEarningsOutput).query(earningsHandler),
  earningsSeries: permissionProcedure('creator.readOwn').input(ZCreatorSeriesInput).output(ZCreatorSeriesOutput).query(earningsSeriesHandler),
  salesByPlugin: permissionProcedure('creator.readOwn').input(ZCreatorSalesInput).output(ZCreatorSalesOutput).query(salesByPluginHandler),
  payouts: permissionProcedure('creator.readOwn').input(ZCreatorPayoutsInput).output(ZCreatorPayoutsOutput).query(payoutsHandler),
  refunds: permissionProcedure('creator.readOwn').input(ZCreatorRefundsInput).output(ZCreatorRefundsOutput).query(refundsHandler),
  earningsByModel: permissionProcedure('creator.readOwn').input(ZCreatorEarningsByModelInput).output(ZCreatorEarningsByModelOutput).query(earningsByModelHandler),
  usage: permissionProcedure('creator.readOwn').input(ZCreatorUsageInput).output(ZCreatorUsageOutput).query(usageHandler),
});
