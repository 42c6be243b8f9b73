import { ZSubscriptionCancelInput, ZSubscriptionSummary } from '@marketdesk/shared';
import { router } from '../../trpc/init.ts';
import { permissionProcedure } from '../../trpc/procedures.ts';
import { cancelSubscriptionHandler } from './cancel.handler.ts';

export const subscriptionsRouter = router({
  cancel: permissionProcedure('subscriptions.manage').input(ZSubscriptionCancelInput).output(ZSubscriptionSummary).mutation(cancelSubscriptionHandler),
});
