import type { z } from 'zod';
import { ZAuditListInput, ZAuditListOutput } from '@marketdesk/shared';
import type { Context } from '../../platform/trpc/context.ts';
import { router } from '../../platform/trpc/init.ts';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { listAudit } from './list-audit.ts';

function listAuditHandler({ ctx, input }: { ctx: Context; input: z.output<typeof ZAuditListInput> }) {
  return listAudit(ctx.deps, input);
}

export const auditRouter = router({
  list: permissionProcedure('audit.read').input(ZAuditListInput).output(ZAuditListOutput).query(listAuditHandler),
});
