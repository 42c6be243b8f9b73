import type { z } from 'zod';
import type { SessionUser, ZApproveInput, ZBulkDecisionInput, ZFlagInput, ZRejectInput, ZRequestChangesInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { actorFrom } from '../../../platform/trpc/actor.ts';
import { decideInBulk, decideSubmission } from '../decide.ts';
import { flagForReview } from '../flag.ts';

type AuthedContext = Context & { user: SessionUser };

export function approveHandler({ ctx, input }: { ctx: AuthedContext; input: z.output<typeof ZApproveInput> }) {
  return decideSubmission(ctx.deps, { kind: 'APPROVE', ...input, actor: actorFrom(ctx) });
}

export function rejectHandler({ ctx, input }: { ctx: AuthedContext; input: z.output<typeof ZRejectInput> }) {
  return decideSubmission(ctx.deps, { kind: 'REJECT', ...input, actor: actorFrom(ctx) });
}

export function requestChangesHandler({ ctx, input }: { ctx: AuthedContext; input: z.output<typeof ZRequestChangesInput> }) {
  return decideSubmission(ctx.deps, { kind: 'REQUEST_CHANGES', ...input, actor: actorFrom(ctx) });
}

export function bulkDecideHandler({ ctx, input }: { ctx: AuthedContext; input: z.output<typeof ZBulkDecisionInput> }) {
  const requests = input.items.map((item) => ({ kind: input.kind, ...item, reasonId: input.reasonId, message: input.message }));
  return decideInBulk(ctx.deps, { actor: actorFrom(ctx), requests });
}

export function flagHandler({ ctx, input }: { ctx: AuthedContext; input: z.output<typeof ZFlagInput> }) {
  return flagForReview(ctx.deps, { ...input, actor: actorFrom(ctx) });
}
