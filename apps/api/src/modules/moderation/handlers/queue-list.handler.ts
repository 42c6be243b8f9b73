import type { z } from 'zod';
import type { SessionUser, ZQueueListInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { listQueue } from '../list-queue.ts';
import { getSubmissionDetail } from '../read-submissions.ts';
import { requestRescan } from '../rescan.ts';
import { actorFrom } from '../../../platform/trpc/actor.ts';

export function listQueueHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.output<typeof ZQueueListInput> }) {
  return listQueue(ctx.deps, { ...input, moderatorId: ctx.user.id });
}

export function getSubmissionHandler({ ctx, input }: { ctx: Context; input: { submissionId: string } }) {
  return getSubmissionDetail(ctx.deps, { submissionId: input.submissionId });
}

export async function rescanHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: { submissionId: string } }) {
  await requestRescan(ctx.deps, { actor: actorFrom(ctx), submissionId: input.submissionId });
  return getSubmissionDetail(ctx.deps, { submissionId: input.submissionId });
}
