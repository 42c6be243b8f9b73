import { ZSubscriptionCancelInput, ZSubscriptionSummary } from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { cancelSubscriptionHandler } from './handlers/cancel.handler.ts';

export const subscriptionsRouter = router({
  cancel: permissionProcedure('subscriptions.manage').input(ZSubscriptionCancelInput).output(ZSubscriptionSummary).mutation(cancelSubscriptionHandler),
});
