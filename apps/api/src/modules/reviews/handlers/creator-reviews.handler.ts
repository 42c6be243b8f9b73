/** The `reviews.*` handlers: the signed-in creator's id (or staff's plugin) in, a service out. */
import type { z } from 'zod';
import type { SessionUser, ZOwnReviewsInput, ZOwnReviewSummaryInput, ZReviewReplyInput, ZStaffPluginReviewsInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { actorFrom } from '../../../platform/trpc/actor.ts';
import { listOwnReviews } from '../creator/list-own-reviews.ts';
import { listPluginReviews } from '../creator/list-plugin-reviews.ts';
import { readOwnSummary } from '../creator/read-own-summary.ts';
import { replyToReview } from '../creator/reply-to-review.ts';

type Authed = Context & { user: SessionUser };

/** A creator: the reviews of their own plugins (a user without a creator account has none). */
export function ownReviewsHandler({ ctx, input }: { ctx: Authed; input: z.output<typeof ZOwnReviewsInput> }) {
  return listOwnReviews(ctx.deps, { ...input, creatorId: ctx.user.creatorId ?? null });
}

/** A creator: their plugins' ratings and ratings over time. */
export function ownSummaryHandler({ ctx, input }: { ctx: Authed; input: z.output<typeof ZOwnReviewSummaryInput> }) {
  return readOwnSummary(ctx.deps, { ...input, creatorId: ctx.user.creatorId ?? null });
}

/** A creator replies to (or edits the reply to) a review of their own plugin (audited). */
export function replyHandler({ ctx, input }: { ctx: Authed; input: z.output<typeof ZReviewReplyInput> }) {
  return replyToReview(ctx.deps, { ...input, creatorId: ctx.user.creatorId ?? null, actor: actorFrom(ctx) });
}

/** Staff: any plugin's reviews. */
export function forPluginHandler({ ctx, input }: { ctx: Authed; input: z.output<typeof ZStaffPluginReviewsInput> }) {
  return listPluginReviews(ctx.deps, input);
}
