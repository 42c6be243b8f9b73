import type { SessionUser, ZDisputeUpdateEvidenceInput } from '@marketdesk/shared';
import type { z } from 'zod';
import type { Context } from '../../../platform/trpc/context.ts';
import { actorFrom } from '../../../platform/trpc/actor.ts';
import { updateDisputeEvidence } from '../update-evidence.ts';

export function updateEvidenceHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZDisputeUpdateEvidenceInput> }) {
  return updateDisputeEvidence(ctx.deps, { ...input, actor: actorFrom(ctx) });
}
