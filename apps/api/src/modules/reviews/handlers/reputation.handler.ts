import type { z } from 'zod';
import type { ZReputationCreatorInput, ZReputationPluginInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { readCreatorReputation } from '../reputation/read-creator-reputation.ts';
import { readPluginReputation } from '../reputation/read-plugin-reputation.ts';

export function pluginReputationHandler({ ctx, input }: { ctx: Context; input: z.output<typeof ZReputationPluginInput> }) {
  return readPluginReputation(ctx.deps, input);
}

export function creatorReputationHandler({ ctx, input }: { ctx: Context; input: z.output<typeof ZReputationCreatorInput> }) {
  return readCreatorReputation(ctx.deps, input);
}
