import type { z } from 'zod';
import type { SessionUser, ZQueueListInput } from '@marketdesk/shared';
import type { Context } from '../../trpc/context.ts';
import { listQueue } from '../../services/moderation/list-queue.ts';
import { getSubmissionDetail } from '../../services/moderation/read-submissions.ts';
import { requestRescan } from '../../services/moderation/rescan.ts';
import { actorFrom } from '../../trpc/actor.ts';

export function listQueueHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.output<typeof ZQueueListInput> }) {
  return listQueue(ctx.deps.prisma, ctx.user.id, input);
}

export function getSubmissionHandler({ ctx, input }: { ctx: Context; input: { submissionId: string } }) {
  return getSubmissionDetail(ctx.deps.prisma, input.submissionId);
}

export async function rescanHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: { submissionId: string } }) {
  await requestRescan(ctx.deps.prisma, actorFrom(ctx), input.submissionId);
  return getSubmissionDetail(ctx.deps.prisma, input.submissionId);
}
