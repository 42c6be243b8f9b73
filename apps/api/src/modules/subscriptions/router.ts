import { ZSubscriptionBilling, ZSubscriptionBillingInput, ZSubscriptionCancelInput, ZSubscriptionChangeTierInput, ZSubscriptionSummary, ZTierChangeResult } from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { subscriptionBillingHandler } from './handlers/billing.handler.ts';
import { cancelSubscriptionHandler } from './handlers/cancel.handler.ts';
import { changeTierHandler } from './handlers/change-tier.handler.ts';

export const subscriptionsRouter = router({
  cancel: permissionProcedure('subscriptions.manage').input(ZSubscriptionCancelInput).output(ZSubscriptionSummary).mutation(cancelSubscriptionHandler),
  changeTier: permissionProcedure('subscriptions.manage').input(ZSubscriptionChangeTierInput).output(ZTierChangeResult).mutation(changeTierHandler),
  billing: permissionProcedure('subscriptions.manage').input(ZSubscriptionBillingInput).output(ZSubscriptionBilling).query(subscriptionBillingHandler),
});
