/**
 * A creator's own earnings by pricing model and the usage of their plugins. Scoped in the `where`
 * to the creator id resolved from the session (creator-earnings.ts' ownCreatorId).
 */
import { REVENUE_STREAMS } from '@marketdesk/shared';
import type { FinanceDeps } from './deps.ts';
import type { Period } from './figures.ts';
import { headlineOf, monthsOf, sumByStream } from './pricing-models.ts';

/** Σ CREATOR_PAYABLE + Σ PAYOUTS of one stream's sums: what the creator earned (toFigures' creatorEarnings). */
const earningsOf = (sums: Partial<Record<string, number>>) => (sums.CREATOR_PAYABLE ?? 0) + (sums.PAYOUTS ?? 0);

/**
 * Creator `creatorId`'s earnings, sales (the stream's headline amount, headlineOf: paid by buyers,
 * or credits used / granted) and refunds per revenue stream of `period` ([from, to),
 * one currency) and earnings per stream per UTC month; minor units. Streams without entries are left out.
 */
export async function readCreatorEarningsByModel(deps: FinanceDeps, { creatorId, ...period }: Period & { creatorId: string }) {
  const rows = await sumByStream(deps, { period, scope: { creatorId } });
  const streams = REVENUE_STREAMS.flatMap((stream) => {
    const own = rows.filter((r) => r.stream === stream);
    if (own.length === 0) return [];
    const sums: Record<string, number> = {};
    for (const row of own) sums[row.account] = (sums[row.account] ?? 0) + Number(row.total);
    return [{ stream, gross: headlineOf(stream, sums), refunds: sums.REFUNDS ?? 0, earnings: earningsOf(sums) }];
  });
  return {
    currency: period.currency, streams,
    months: monthsOf(rows, (_stream, sums) => earningsOf(sums)).map(({ month, values }) => ({ month, earnings: values })),
  };
}

/** The first instant of the UTC month `monthsBack` months before the one holding `at`. */
function utcMonthStart(at: Date, monthsBack = 0): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - monthsBack, 1));
}

/**
 * Usage of creator `creatorId`'s plugins this UTC month and last (the month holding `now`): per
 * plugin and metric, the count of reports, the quantity reported, the overage quantity and the
 * credits drawn (minor units), from UsageRecord through License → Plugin. Every plugin of the
 * creator is listed, by name, with its metrics by name.
 */
export async function readCreatorUsage(deps: FinanceDeps, { creatorId, now }: { creatorId: string; now: Date }) {
  const { prisma } = deps;
  const thisMonth = utcMonthStart(now);
  const lastMonth = utcMonthStart(now, 1);
  const nextMonth = utcMonthStart(now, -1);
  const [plugins, rows] = await Promise.all([
    prisma.plugin.findMany({ where: { creatorId }, select: { id: true, name: true }, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    prisma.$queryRaw<{ pluginId: string; metric: string; isThisMonth: boolean; reports: bigint; quantity: bigint; overageQuantity: bigint; creditAmount: bigint }[]>`
      SELECT l."pluginId", u.metric, u."occurredAt" >= ${thisMonth} AS "isThisMonth", COUNT(*)::bigint AS reports,
             SUM(u.quantity)::bigint AS quantity, SUM(u."overageQuantity")::bigint AS "overageQuantity", SUM(u."creditAmount")::bigint AS "creditAmount"
        FROM "UsageRecord" u
        JOIN "License" l ON l.id = u."licenseId"
        JOIN "Plugin" p ON p.id = l."pluginId"
       WHERE p."creatorId" = ${creatorId} AND u."occurredAt" >= ${lastMonth} AND u."occurredAt" < ${nextMonth}
       GROUP BY 1, 2, 3`,
  ]);
  const empty = { reports: 0, quantity: 0, overageQuantity: 0, creditAmount: 0 };
  return {
    thisMonth, lastMonth,
    plugins: plugins.map((plugin) => {
      const own = rows.filter((r) => r.pluginId === plugin.id);
      const metrics = [...new Set(own.map((r) => r.metric))].sort();
      return {
        pluginId: plugin.id, pluginName: plugin.name,
        metrics: metrics.map((metric) => {
          const figures = (isThisMonth: boolean) => {
            const row = own.find((r) => r.metric === metric && r.isThisMonth === isThisMonth);
            return row ? { reports: Number(row.reports), quantity: Number(row.quantity), overageQuantity: Number(row.overageQuantity), creditAmount: Number(row.creditAmount) } : empty;
          };
          return { metric, thisMonth: figures(true), lastMonth: figures(false) };
        }),
      };
    }),
  };
}
