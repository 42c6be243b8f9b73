import { ZRefundCreateInput, ZRefundCreateOutput, ZRefundPreviewInput, ZRefundPreviewOutput } from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { createRefundHandler } from './handlers/refund-create.handler.ts';
import { previewRefundHandler } from './handlers/refund-preview.handler.ts';

export const refundsRouter = router({
  preview: permissionProcedure('refund.create').input(ZRefundPreviewInput).output(ZRefundPreviewOutput).query(previewRefundHandler),
  create: permissionProcedure('refund.create').input(ZRefundCreateInput).output(ZRefundCreateOutput).mutation(createRefundHandler),
});
