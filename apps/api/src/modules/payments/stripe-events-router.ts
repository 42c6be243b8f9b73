import { ZStripeEventReplayInput, ZStripeEventReplayOutput, ZStripeEventsListInput, ZStripeEventsListOutput } from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { listHandler } from './handlers/stripe-events-list.handler.ts';
import { replayHandler } from './handlers/stripe-events-replay.handler.ts';

export const stripeEventsRouter = router({
  list: permissionProcedure('stripeEvents.read').input(ZStripeEventsListInput).output(ZStripeEventsListOutput).query(listHandler),
  replay: permissionProcedure('stripeEvents.replay').input(ZStripeEventReplayInput).output(ZStripeEventReplayOutput).mutation(replayHandler),
});
