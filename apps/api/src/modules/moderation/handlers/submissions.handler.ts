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
  const created = await createSubmission(ctx.deps.prisma, ctx.deps.config.dataDir, actorFrom(ctx), requireCreatorId(ctx.user), input);
  return getSubmissionDetail(ctx.deps.prisma, created.id);
}

export function mySubmissionsHandler({ ctx, input }: { ctx: AuthedContext; input: z.output<typeof ZMySubmissionsInput> }) {
  return listCreatorSubmissions(ctx.deps.prisma, requireCreatorId(ctx.user), input);
}

export function getOwnSubmissionHandler({ ctx, input }: { ctx: AuthedContext; input: { submissionId: string } }) {
  return getSubmissionDetail(ctx.deps.prisma, input.submissionId, { creatorId: requireCreatorId(ctx.user) });
}

export function replyHandler({ ctx, input }: { ctx: AuthedContext; input: z.output<typeof ZReplyInput> }) {
  return replyToChangeRequest(ctx.deps.prisma, actorFrom(ctx), requireCreatorId(ctx.user), input);
}

export function ownPluginsHandler({ ctx }: { ctx: AuthedContext }) {
  return listOwnPlugins(ctx.deps.prisma, requireCreatorId(ctx.user));
}
