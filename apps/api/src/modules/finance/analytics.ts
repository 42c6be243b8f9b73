/** Finance analytics (finance.read): KPIs, time series, top plugins and creators, payouts by status. */
import type { MoneyFigures } from '@marketdesk/shared';
import type { FinanceDeps } from './deps.ts';
import { sumAccounts, sumAccountsBy, sumAccountsByBucket, toFigures, type Interval, type Period } from './figures.ts';

/**
 * Figures (minor units) of `period` (`{ from, to, currency }`, [from, to)) plus counts and rates
 * (refunds and disputes ÷ gross volume). Payments are counted in the ledger (one BUYER_PAYMENTS
 * entry each), so a payment later refunded still counts.
 */
export async function readKpis(deps: FinanceDeps, period: Period) {
  const { prisma } = deps;
  const [{ sums, entryCounts }, refundCount, disputeCount] = await Promise.all([
    sumAccounts(deps, { period }),
    prisma.refund.count({ where: { currency: period.currency, status: { in: ['PENDING', 'SUCCEEDED', 'REQUIRES_ACTION'] }, createdAt: { gte: period.from, lt: period.to } } }),
    prisma.dispute.count({ where: { currency: period.currency, createdAt: { gte: period.from, lt: period.to } } }),
  ]);
  const figures = toFigures(sums);
  const paymentCount = entryCounts.BUYER_PAYMENTS ?? 0;
  const rate = (part: number) => (figures.grossVolume > 0 ? part / figures.grossVolume : 0);
  return { ...figures, currency: period.currency, from: period.from, to: period.to, paymentCount, refundCount, disputeCount, refundRate: rate(figures.refunds), disputeRate: rate(figures.disputes) };
}

/** Figures (minor units) of `{ from, to, currency }` per `interval` (day / week / month) in `timeZone` (IANA). */
export async function readSeries(deps: FinanceDeps, input: Period & { interval: Interval; timeZone: string }) {
  const buckets = await sumAccountsByBucket(deps, { period: input, interval: input.interval, timeZone: input.timeZone });
  const points: (MoneyFigures & { bucket: string })[] = [...buckets.entries()].map(([bucket, sums]) => ({ bucket, ...toFigures(sums) }));
  return { currency: input.currency, interval: input.interval, timeZone: input.timeZone, points };
}

/** The top `limit` plugins or creators (`by`) of `{ from, to, currency }` by gross volume, figures in minor units. */
export async function readTop(deps: FinanceDeps, input: Period & { by: 'plugin' | 'creator'; limit: number }) {
  const { prisma } = deps;
  const rows = await sumAccountsBy(deps, { period: input, by: input.by, limit: input.limit });
  const ids = rows.map((r) => r.id);
  const names = new Map(
    input.by === 'plugin'
      ? (await prisma.plugin.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((p) => [p.id, p.name])
      : (await prisma.creatorAccount.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } })).map((c) => [c.id, c.displayName]),
  );
  return {
    items: rows.map(({ id, sums }) => {
      const f = toFigures(sums);
      return { id, name: names.get(id) ?? id, grossVolume: f.grossVolume, refunds: f.refunds, disputes: f.disputes, platformFees: f.platformFees, creatorEarnings: f.creatorEarnings };
    }),
  };
}

/** Payout count and amount (minor units) per status and currency, optionally of one `currency` and of payouts created in [`from`, `to`). */
export async function readPayoutsByStatus(deps: FinanceDeps, input: { currency?: string; from?: Date; to?: Date }) {
  const groups = await deps.prisma.payout.groupBy({
    by: ['status', 'currency'],
    where: { ...(input.currency ? { currency: input.currency } : {}), createdAt: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lt: input.to } : {}) } },
    _count: { _all: true },
    _sum: { amount: true },
    orderBy: [{ currency: 'asc' }, { status: 'asc' }],
  });
  return { items: groups.map((g) => ({ status: g.status, currency: g.currency, count: g._count._all, amount: g._sum.amount ?? 0 })) };
}
