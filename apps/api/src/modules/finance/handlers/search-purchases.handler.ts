import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../trpc/context.ts';
import type { z } from 'zod';
import type { ZPurchaseSearchInput } from '@marketdesk/shared';
import { searchPurchases } from '../../services/finance/records.ts';

export function searchPurchasesHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZPurchaseSearchInput> }) {
  return searchPurchases(ctx.deps.prisma, input);
}
