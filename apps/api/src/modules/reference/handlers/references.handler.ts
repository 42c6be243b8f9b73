import type { z } from 'zod';
import type { ZReferenceInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { findCreatorReferences, findPluginReferences } from '../find-references.ts';

type ReferenceHandlerArgs = { ctx: Context; input: z.output<typeof ZReferenceInput> };

export function pluginReferencesHandler({ ctx, input }: ReferenceHandlerArgs) {
  return findPluginReferences(ctx.deps, input);
}

export function creatorReferencesHandler({ ctx, input }: ReferenceHandlerArgs) {
  return findCreatorReferences(ctx.deps, input);
}
