import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { actorFrom } from '../../../platform/trpc/actor.ts';
import { claimSubmission, releaseClaim, renewClaim } from '../claims.ts';

type Args = { ctx: Context & { user: SessionUser }; input: { submissionId: string } };

export const claimHandler = ({ ctx, input }: Args) => claimSubmission(ctx.deps, { actor: actorFrom(ctx), submissionId: input.submissionId });
export const renewHandler = ({ ctx, input }: Args) => renewClaim(ctx.deps, { actor: actorFrom(ctx), submissionId: input.submissionId });
export const releaseHandler = ({ ctx, input }: Args) => releaseClaim(ctx.deps, { actor: actorFrom(ctx), submissionId: input.submissionId });
