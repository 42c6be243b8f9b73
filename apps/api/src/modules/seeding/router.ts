import { ZSeedStatusOutput } from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { authedProcedure } from '../../platform/trpc/procedures.ts';
import { statusHandler } from './handlers/status.handler.ts';

export const seedingRouter = router({
  status: authedProcedure.output(ZSeedStatusOutput).query(statusHandler),
});
