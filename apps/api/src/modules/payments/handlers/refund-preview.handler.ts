import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZRefundPreviewInput } from '@marketdesk/shared';
import { previewRefund } from '../refunds.ts';

export function previewRefundHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZRefundPreviewInput> }) {
  return previewRefund(ctx.deps, input);
}
