import { ZDisputeDetail, ZDisputeGetInput, ZDisputeUpdateEvidenceInput } from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { getDisputeHandler } from './handlers/get.handler.ts';
import { updateEvidenceHandler } from './handlers/update-evidence.handler.ts';

export const disputesRouter = router({
  get: permissionProcedure('finance.read').input(ZDisputeGetInput).output(ZDisputeDetail).query(getDisputeHandler),
  updateEvidence: permissionProcedure('disputes.respond').input(ZDisputeUpdateEvidenceInput).output(ZDisputeDetail).mutation(updateEvidenceHandler),
});
