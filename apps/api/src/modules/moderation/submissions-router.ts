import { ZDecisionOutput, ZOwnPluginsOutput, ZMySubmissionsInput, ZMySubmissionsOutput, ZReplyInput, ZSubmissionDetail, ZSubmissionRef, ZSubmissionsCreateInput } from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { createSubmissionHandler, getOwnSubmissionHandler, mySubmissionsHandler, ownPluginsHandler, replyHandler } from './handlers/submissions.handler.ts';

/** The creator's side of moderation: submit versions, follow them, reply to change requests. */
export const submissionsRouter = router({
  create: permissionProcedure('submissions.create').input(ZSubmissionsCreateInput).output(ZSubmissionDetail).mutation(createSubmissionHandler),
  reply: permissionProcedure('submissions.create').input(ZReplyInput).output(ZDecisionOutput).mutation(replyHandler),
  mine: permissionProcedure('submissions.readOwn').input(ZMySubmissionsInput).output(ZMySubmissionsOutput).query(mySubmissionsHandler),
  plugins: permissionProcedure('submissions.readOwn').output(ZOwnPluginsOutput).query(ownPluginsHandler),
  get: permissionProcedure('submissions.readOwn').input(ZSubmissionRef).output(ZSubmissionDetail).query(getOwnSubmissionHandler),
});
