import {
  ZApproveInput, ZBulkDecisionInput, ZDecisionReasonsOutput, ZFlagInput, ZBulkDecisionOutput, ZClaimOutput, ZDecisionOutput, ZQueueListInput, ZQueueListOutput,
  ZRejectInput, ZReleaseOutput, ZRequestChangesInput, ZSubmissionDetail, ZSubmissionRef,
  ZPackageDiffOutput, ZPackageFileDiffOutput, ZPackageFileOutput, ZPackageFileRef, ZPackageFilesOutput,
} from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { claimHandler, releaseHandler, renewHandler } from './handlers/queue-claims.handler.ts';
import { approveHandler, bulkDecideHandler, flagHandler, rejectHandler, requestChangesHandler } from './handlers/queue-decide.handler.ts';
import { getSubmissionHandler, listQueueHandler, rescanHandler } from './handlers/queue-list.handler.ts';
import { packageDiffHandler, packageFileDiffHandler, packageFileHandler, packageFilesHandler } from './handlers/queue-package.handler.ts';
import { listDecisionReasons } from './reference-data.ts';

const decide = permissionProcedure('queue.decide');

export const queueRouter = router({
  list: permissionProcedure('queue.read').input(ZQueueListInput).output(ZQueueListOutput).query(listQueueHandler),
  get: permissionProcedure('queue.read').input(ZSubmissionRef).output(ZSubmissionDetail).query(getSubmissionHandler),
  files: permissionProcedure('queue.read').input(ZSubmissionRef).output(ZPackageFilesOutput).query(packageFilesHandler),
  file: permissionProcedure('queue.read').input(ZPackageFileRef).output(ZPackageFileOutput).query(packageFileHandler),
  diff: permissionProcedure('queue.read').input(ZSubmissionRef).output(ZPackageDiffOutput).query(packageDiffHandler),
  fileDiff: permissionProcedure('queue.read').input(ZPackageFileRef).output(ZPackageFileDiffOutput).query(packageFileDiffHandler),
  rescan: decide.input(ZSubmissionRef).output(ZSubmissionDetail).mutation(rescanHandler),
  reasons: permissionProcedure('queue.read').output(ZDecisionReasonsOutput).query(({ ctx }) => listDecisionReasons(ctx.deps)),
  claim: decide.input(ZSubmissionRef).output(ZClaimOutput).mutation(claimHandler),
  renew: decide.input(ZSubmissionRef).output(ZClaimOutput).mutation(renewHandler),
  release: decide.input(ZSubmissionRef).output(ZReleaseOutput).mutation(releaseHandler),
  approve: decide.input(ZApproveInput).output(ZDecisionOutput).mutation(approveHandler),
  reject: decide.input(ZRejectInput).output(ZDecisionOutput).mutation(rejectHandler),
  requestChanges: decide.input(ZRequestChangesInput).output(ZDecisionOutput).mutation(requestChangesHandler),
  flag: decide.input(ZFlagInput).output(ZDecisionOutput).mutation(flagHandler),
  bulkDecide: decide.input(ZBulkDecisionInput).output(ZBulkDecisionOutput).mutation(bulkDecideHandler),
});
