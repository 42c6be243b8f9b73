import type { z } from 'zod';
import type { SessionUser, ZReviewBulkDecideInput, ZReviewDecideInput, ZReviewQueueListInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { actorFrom } from '../../../platform/trpc/actor.ts';
import { claimReview, releaseReviewClaim, renewReviewClaim } from '../queue/claims.ts';
import { decideReview, decideReviewsInBulk } from '../queue/decide-review.ts';
import { getReviewForModeration } from '../queue/get-review.ts';
import { listReviewQueue } from '../queue/list-review-queue.ts';

type AuthedContext = Context & { user: SessionUser };
type RefArgs = { ctx: AuthedContext; input: { reviewId: string } };

export const listHandler = ({ ctx, input }: { ctx: AuthedContext; input: z.output<typeof ZReviewQueueListInput> }) =>
  listReviewQueue(ctx.deps, { ...input, moderatorId: ctx.user.id });
export const getHandler = ({ ctx, input }: RefArgs) => getReviewForModeration(ctx.deps, input);
export const claimHandler = ({ ctx, input }: RefArgs) => claimReview(ctx.deps, { actor: actorFrom(ctx), reviewId: input.reviewId });
export const renewHandler = ({ ctx, input }: RefArgs) => renewReviewClaim(ctx.deps, { actor: actorFrom(ctx), reviewId: input.reviewId });
export const releaseHandler = ({ ctx, input }: RefArgs) => releaseReviewClaim(ctx.deps, { actor: actorFrom(ctx), reviewId: input.reviewId });
export const decideHandler = ({ ctx, input }: { ctx: AuthedContext; input: z.output<typeof ZReviewDecideInput> }) =>
  decideReview(ctx.deps, { ...input, actor: actorFrom(ctx) });
export const bulkDecideHandler = ({ ctx, input }: { ctx: AuthedContext; input: z.output<typeof ZReviewBulkDecideInput> }) =>
  decideReviewsInBulk(ctx.deps, { ...input, actor: actorFrom(ctx) });
