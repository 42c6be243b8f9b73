import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZLedgerTransactionInput } from '@marketdesk/shared';
import { readLedgerTransaction } from '../read-ledger-transaction.ts';

export function ledgerTransactionHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZLedgerTransactionInput> }) {
  return readLedgerTransaction(ctx.deps, { id: input.id });
}
