import { ZStripeEventReplayInput, ZStripeEventReplayOutput, ZStripeEventsListInput, ZStripeEventsListOutput } from '@marketdesk/shared';
import { router } from '../../trpc/init.ts';
import { permissionProcedure } from '../../trpc/procedures.ts';
import { listHandler } from './list.handler.ts';
import { replayHandler } from './replay.handler.ts';

export const stripeEventsRouter = router({
  list: permissionProcedure('stripeEvents.read').input(ZStripeEventsListInput).output(ZStripeEventsListOutput).query(listHandler),
  replay: permissionProcedure('stripeEvents.replay').input(ZStripeEventReplayInput).output(ZStripeEventReplayOutput).mutation(replayHandler),
});
