import { ZStripeEventGetInput, ZStripeEventGetOutput, ZStripeEventReplayInput, ZStripeEventReplayOutput, ZStripeEventsListInput, ZStripeEventsListOutput } from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { getHandler } from './handlers/stripe-events-get.handler.ts';
import { listHandler } from './handlers/stripe-events-list.handler.ts';
import { replayHandler } from './handlers/stripe-events-replay.handler.ts';

export const stripeEventsRouter = router({
  list: permissionProcedure('stripeEvents.read').input(ZStripeEventsListInput).output(ZStripeEventsListOutput).query(listHandler),
  get: permissionProcedure('stripeEvents.read').input(ZStripeEventGetInput).output(ZStripeEventGetOutput).query(getHandler),
  replay: permissionProcedure('stripeEvents.replay').input(ZStripeEventReplayInput).output(ZStripeEventReplayOutput).mutation(replayHandler),
});
