import type { z } from 'zod';
import type { SessionUser, ZMySubmissionsInput, ZReplyInput, ZSubmissionsCreateInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { actorFrom } from '../../../platform/trpc/actor.ts';
import { requireCreatorId } from '../../../platform/trpc/creator.ts';
import { createSubmission } from '../create-submission.ts';
import { getSubmissionDetail, listCreatorSubmissions } from '../read-submissions.ts';
import { replyToChangeRequest } from '../reply.ts';
import { listOwnPlugins } from '../reference-data.ts';

type AuthedContext = Context & { user: SessionUser };

export async function createSubmissionHandler({ ctx, input }: { ctx: AuthedContext; input: z.output<typeof ZSubmissionsCreateInput> }) {
  const created = await createSubmission(ctx.deps, { actor: actorFrom(ctx), creatorId: requireCreatorId(ctx.user), pluginId: input.pluginId, uploadId: input.uploadId });
  return getSubmissionDetail(ctx.deps, { submissionId: created.id });
}

export function mySubmissionsHandler({ ctx, input }: { ctx: AuthedContext; input: z.output<typeof ZMySubmissionsInput> }) {
  return listCreatorSubmissions(ctx.deps, { ...input, creatorId: requireCreatorId(ctx.user) });
}

export function getOwnSubmissionHandler({ ctx, input }: { ctx: AuthedContext; input: { submissionId: string } }) {
  return getSubmissionDetail(ctx.deps, { submissionId: input.submissionId, creatorId: requireCreatorId(ctx.user) });
}

export function replyHandler({ ctx, input }: { ctx: AuthedContext; input: z.output<typeof ZReplyInput> }) {
  return replyToChangeRequest(ctx.deps, { ...input, actor: actorFrom(ctx), creatorId: requireCreatorId(ctx.user) });
}

export function ownPluginsHandler({ ctx }: { ctx: AuthedContext }) {
  return listOwnPlugins(ctx.deps, { creatorId: requireCreatorId(ctx.user) });
}
