import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZPurchaseSearchInput } from '@marketdesk/shared';
import { searchPurchases } from '../records.ts';

export function searchPurchasesHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZPurchaseSearchInput> }) {
  return searchPurchases(ctx.deps, input);
}
