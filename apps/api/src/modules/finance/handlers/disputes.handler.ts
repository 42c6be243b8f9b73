import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZDisputesListInput } from '@marketdesk/shared';
import { listDisputes } from '../records.ts';

export function disputesHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZDisputesListInput> }) {
  return listDisputes(ctx.deps, input);
}
