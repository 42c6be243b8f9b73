/** One ledger transaction with its entries: what a reconciliation difference drills to. */
import { AppError } from '@marketdesk/shared';
import type { FinanceDeps } from './deps.ts';

/**
 * Ledger transaction `input.id` (any creator's: finance reads the whole ledger) with its entries,
 * each with its creator's and plugin's name; amounts signed minor units (payments/ledger.ts).
 * @throws AppError NOT_FOUND when no such transaction exists.
 */
export async function readLedgerTransaction(deps: FinanceDeps, input: { id: string }) {
  const transaction = await deps.prisma.ledgerTransaction.findUnique({
    where: { id: input.id },
    select: {
      id: true, externalKey: true, kind: true, description: true, purchaseId: true, occurredAt: true, createdAt: true,
      entries: {
        select: { accountType: true, amount: true, currency: true, creatorId: true, pluginId: true, creator: { select: { displayName: true } }, plugin: { select: { name: true } } },
        orderBy: { id: 'asc' },
      },
    },
  });
  if (!transaction) throw new AppError('NOT_FOUND', { message: `No ledger transaction ${input.id}`, userMessage: 'This ledger transaction does not exist.' });
  return {
    ...transaction,
    entries: transaction.entries.map(({ creator, plugin, amount, ...entry }) => ({ ...entry, amount: Number(amount), creatorName: creator?.displayName ?? null, pluginName: plugin?.name ?? null })),
  };
}
