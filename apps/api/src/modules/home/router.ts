import { ZHomeAttentionOutput, ZHomeReconciliationOutput } from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { authedProcedure, permissionProcedure } from '../../platform/trpc/procedures.ts';
import { attentionHandler } from './handlers/attention.handler.ts';
import { reconciliationHandler } from './handlers/reconciliation.handler.ts';

export const homeRouter = router({
  attention: authedProcedure.output(ZHomeAttentionOutput).query(attentionHandler),
  reconciliation: permissionProcedure('finance.read').output(ZHomeReconciliationOutput).query(reconciliationHandler),
});
