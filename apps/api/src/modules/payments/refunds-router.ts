import { ZRefundCreateInput, ZRefundCreateOutput, ZRefundPreviewInput, ZRefundPreviewOutput } from '@marketdesk/shared';
import { router } from '../../trpc/init.ts';
import { permissionProcedure } from '../../trpc/procedures.ts';
import { createRefundHandler } from './create.handler.ts';
import { previewRefundHandler } from './preview.handler.ts';

export const refundsRouter = router({
  preview: permissionProcedure('refund.create').input(ZRefundPreviewInput).output(ZRefundPreviewOutput).query(previewRefundHandler),
  create: permissionProcedure('refund.create').input(ZRefundCreateInput).output(ZRefundCreateOutput).mutation(createRefundHandler),
});
