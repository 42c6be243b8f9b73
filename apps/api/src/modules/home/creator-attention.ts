/**
 * What waits on a creator, scoped in every `where` to the caller's own creator account: their
 * submissions awaiting their reply, their available balance (finance's readCreatorEarnings, as
 * the Earnings page shows it) and their next payout.
 */
import type { AttentionItem } from '@marketdesk/shared';
import { readCreatorEarnings } from '../finance/index.ts';
import type { HomeDeps } from './deps.ts';

/**
 * For creator `creatorId`: submissions in CHANGES_REQUESTED (`at`: the oldest request); the
 * available balance (Σ CREATOR_PAYABLE, minor units) in each currency the creator earned in
 * (`count`: those currencies); payouts on the way (PENDING or IN_TRANSIT; `money` and `at`: the
 * one arriving first, by Stripe's arrival date). Without `withMoney`, the submissions item only.
 */
export async function readCreatorAttention(deps: HomeDeps, { creatorId, withMoney }: { creatorId: string; withMoney: boolean }): Promise<AttentionItem[]> {
  const { prisma } = deps;
  const replies = await prisma.submission.aggregate({ where: { creatorId, status: 'CHANGES_REQUESTED' }, _count: { _all: true }, _min: { decidedAt: true } });
  const repliesItem: AttentionItem = { key: 'submissions.changesRequested', count: replies._count._all, at: replies._min.decidedAt, money: [] };
  if (!withMoney) return [repliesItem];
  const onTheWay = { creatorId, status: { in: ['PENDING' as const, 'IN_TRANSIT' as const] } };
  const [currencies, payoutCount, nextPayout] = await Promise.all([
    prisma.ledgerEntry.groupBy({ by: ['currency'], where: { creatorId, accountType: 'CREATOR_PAYABLE' }, orderBy: { currency: 'asc' } }),
    prisma.payout.count({ where: onTheWay }),
    prisma.payout.findFirst({ where: onTheWay, orderBy: [{ arrivalDate: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }], select: { amount: true, currency: true, arrivalDate: true } }),
  ]);
  const balances = await Promise.all(currencies.map(({ currency }) => readCreatorEarnings(deps, { creatorId, currency })));
  return [
    repliesItem,
    { key: 'creator.balance', count: balances.length, at: null, money: balances.map(({ available, currency }) => ({ amount: available, currency })) },
    { key: 'creator.nextPayout', count: payoutCount, at: nextPayout?.arrivalDate ?? null, money: nextPayout ? [{ amount: nextPayout.amount, currency: nextPayout.currency }] : [] },
  ];
}
