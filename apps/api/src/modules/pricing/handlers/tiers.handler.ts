import type { z } from 'zod';
import { AppError, type SessionUser, type ZSaveTiersInput, type ZTiersInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { actorFrom } from '../../../platform/trpc/actor.ts';
import { readPluginPricing } from '../read-pricing.ts';
import { saveTiers } from '../save-tiers.ts';

type Authed = Context & { user: SessionUser };

/** The signed-in creator's id; a user without a creator account owns no plugin, so any plugin is NOT_FOUND. */
function ownCreatorIdFor(user: SessionUser, pluginId: string): string {
  if (!user.creatorId) throw new AppError('NOT_FOUND', { message: `No plugin ${pluginId}`, field: 'pluginId' });
  return user.creatorId;
}

/** Staff: any plugin's pricing. */
export function tiersHandler({ ctx, input }: { ctx: Authed; input: z.output<typeof ZTiersInput> }) {
  return readPluginPricing(ctx.deps, { pluginId: input.pluginId });
}

/** A creator: their own plugin's pricing (another creator's is NOT_FOUND). */
export function ownTiersHandler({ ctx, input }: { ctx: Authed; input: z.output<typeof ZTiersInput> }) {
  return readPluginPricing(ctx.deps, { pluginId: input.pluginId, creatorId: ownCreatorIdFor(ctx.user, input.pluginId) });
}

/** A creator saves their own plugin's tiers (audited). */
export function saveTiersHandler({ ctx, input }: { ctx: Authed; input: z.output<typeof ZSaveTiersInput> }) {
  return saveTiers(ctx.deps, { ...input, creatorId: ownCreatorIdFor(ctx.user, input.pluginId), actor: actorFrom(ctx) });
}
