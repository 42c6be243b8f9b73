/**
 * A creator's own money. Every query is scoped in its `where` to the creator id the caller
 * resolved from the session (`ownCreatorId`), so another creator's rows are simply not found.
 */
import { AppError, PAID_PURCHASE_STATUSES, type SessionUser } from '@marketdesk/shared';
import type { FinanceDeps } from './deps.ts';
import { sumAccountsBy, sumAccountsByBucket, toFigures, type Interval, type Period } from './figures.ts';

/**
 * The signed-in creator's id; naming another creator is NOT_FOUND, as if it did not exist.
 * @throws AppError NOT_FOUND when the user has no creator account or names another one.
 */
export function ownCreatorId(user: SessionUser, requested: string | undefined): string {
  if (!user.creatorId || (requested !== undefined && requested !== user.creatorId)) {
    throw new AppError('NOT_FOUND', { message: requested ? `No creator ${requested}` : 'Your account is not linked to a creator account' });
  }
  return user.creatorId;
}

/** Creator `creatorId`'s pending (payouts on the way), available (Σ CREATOR_PAYABLE), paid out and lifetime earnings in `currency`, minor units. */
export async function readCreatorEarnings(deps: FinanceDeps, { creatorId, currency }: { creatorId: string; currency: string }) {
  const { prisma } = deps;
  const [sums, inTransit] = await Promise.all([
    prisma.ledgerEntry.groupBy({ by: ['accountType'], where: { creatorId, currency, accountType: { in: ['CREATOR_PAYABLE', 'PAYOUTS'] } }, _sum: { amount: true } }),
    prisma.payout.aggregate({ where: { creatorId, currency, status: { in: ['PENDING', 'IN_TRANSIT'] } }, _sum: { amount: true } }),
  ]);
  const sumOf = (account: string) => Number(sums.find((s) => s.accountType === account)?._sum.amount ?? 0n);
  const available = sumOf('CREATOR_PAYABLE');
  const paidOutTotal = sumOf('PAYOUTS');
  const pending = inTransit._sum.amount ?? 0;
  return { currency, pending, available, paidOut: paidOutTotal - pending, lifetime: available + paidOutTotal };
}

/** Creator `creatorId`'s sales, refunds and earnings (minor units) of `{ from, to, currency }` per `interval` in `timeZone`. */
export async function readCreatorSeries(deps: FinanceDeps, { creatorId, ...input }: Period & { creatorId: string; interval: Interval; timeZone: string }) {
  const buckets = await sumAccountsByBucket(deps, { period: input, interval: input.interval, timeZone: input.timeZone, scope: { creatorId } });
  return {
    points: [...buckets.entries()].map(([bucket, sums]) => {
      const f = toFigures(sums);
      return { bucket, sales: f.grossVolume, refunds: f.refunds, earnings: f.creatorEarnings };
    }),
  };
}

/** Creator `creatorId`'s sales per plugin (count, minor units) in `{ from, to, currency }`. */
export async function readCreatorSales(deps: FinanceDeps, { creatorId, ...period }: Period & { creatorId: string }) {
  const { prisma } = deps;
  const [rows, counts] = await Promise.all([
    sumAccountsBy(deps, { period, by: 'plugin', limit: 1000, scope: { creatorId } }),
    prisma.purchase.groupBy({ by: ['pluginId'], where: { creatorId, currency: period.currency, status: { in: [...PAID_PURCHASE_STATUSES] }, paidAt: { gte: period.from, lt: period.to } }, _count: { _all: true } }),
  ]);
  const plugins = await prisma.plugin.findMany({ where: { creatorId, id: { in: rows.map((r) => r.id) } }, select: { id: true, name: true } });
  const names = new Map(plugins.map((p) => [p.id, p.name]));
  return {
    items: rows.map(({ id, sums }) => {
      const f = toFigures(sums);
      return { pluginId: id, pluginName: names.get(id) ?? id, salesCount: counts.find((c) => c.pluginId === id)?._count._all ?? 0, grossVolume: f.grossVolume, refunds: f.refunds, earnings: f.creatorEarnings };
    }),
  };
}

/**
 * Creator `creatorId`'s payouts, newest first: `limit` after `cursor` (a payout id). Prisma finds
 * a cursor row outside the `where`, so another creator's payout would position the page (and
 * tell that it exists and when): the cursor is looked up in the creator's scope first.
 * @returns `{ items, nextCursor }`.
 * @throws AppError NOT_FOUND when `cursor` is not one of the creator's payouts.
 */
export async function listCreatorPayouts(deps: FinanceDeps, { creatorId, ...input }: { creatorId: string; limit: number; cursor?: string }) {
  if (input.cursor && !(await deps.prisma.payout.findFirst({ where: { id: input.cursor, creatorId }, select: { id: true } }))) {
    throw new AppError('NOT_FOUND', { message: `No payout ${input.cursor} of yours`, field: 'cursor' });
  }
  const rows = await deps.prisma.payout.findMany({
    where: { creatorId },
    select: { id: true, stripePayoutId: true, amount: true, currency: true, status: true, arrivalDate: true, failureMessage: true, createdAt: true },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: input.limit + 1, ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? items[items.length - 1]!.id : null };
}

/**
 * Refunds of creator `creatorId`'s sales, newest first (no staff notes): `limit` after `cursor`
 * (a refund id, looked up in the creator's scope as in {@link listCreatorPayouts}).
 * @returns `{ items, nextCursor }`.
 * @throws AppError NOT_FOUND when `cursor` is not a refund of the creator's sales.
 */
export async function listCreatorRefunds(deps: FinanceDeps, { creatorId, ...input }: { creatorId: string; limit: number; cursor?: string }) {
  if (input.cursor && !(await deps.prisma.refund.findFirst({ where: { id: input.cursor, purchase: { creatorId } }, select: { id: true } }))) {
    throw new AppError('NOT_FOUND', { message: `No refund ${input.cursor} of yours`, field: 'cursor' });
  }
  const rows = await deps.prisma.refund.findMany({
    where: { purchase: { creatorId } },
    select: { id: true, purchaseId: true, stripeRefundId: true, amount: true, currency: true, reason: true, status: true, failureReason: true, createdAt: true, purchase: { select: { plugin: { select: { name: true } } } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: input.limit + 1, ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, input.limit).map(({ purchase, ...r }) => ({ ...r, pluginName: purchase.plugin.name }));
  return { items, nextCursor: rows.length > input.limit ? items[items.length - 1]!.id : null };
}
