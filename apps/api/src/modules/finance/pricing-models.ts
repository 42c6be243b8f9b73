/**
 * Revenue by pricing model: the ledger's sums per revenue stream (LedgerEntry.stream, see
 * payments/ledger.ts), the unused credits (deferred revenue), and from the tables the trial
 * conversion, free installs, MRR and churn (packages/shared/src/pricing/metrics.ts defines them).
 * Entries posted before streams existed carry none: they count in their purchase's kind's stream.
 */
import { REVENUE_STREAMS, subscriptionMetrics, trialConversionRate, type BillingInterval, type RevenueStream, type StreamFigures, type SubscriptionSpan } from '@marketdesk/shared';
import { Prisma } from '../../generated/prisma/client.ts';
import type { FinanceDeps } from './deps.ts';
import type { AccountScope, Period } from './figures.ts';

/** The entry's stream, else its purchase's kind's (revenueStreamOf); null for payouts (no stream, no purchase). */
const STREAM_OF_ENTRY = Prisma.sql`COALESCE(e.stream::text, CASE p.kind WHEN 'CREDIT_PACK' THEN 'CREDITS_SOLD' ELSE p.kind::text END)`;

export interface StreamSum {
  /** First day of the UTC month, YYYY-MM-01. */
  month: string;
  stream: RevenueStream;
  account: string;
  /** Signed minor units. */
  total: bigint;
}

/**
 * Per UTC month, stream and account: Σ of the entries of `period` (signed minor units), optionally
 * of one creator (`scope.creatorId`). Entries without a stream or a purchase (payouts) are left out.
 */
export async function sumByStream(deps: FinanceDeps, { period, scope = {} }: { period: Period; scope?: AccountScope }): Promise<StreamSum[]> {
  const rows = await deps.prisma.$queryRaw<{ month: string; stream: string | null; account: string; total: bigint }[]>`
    SELECT to_char(date_trunc('month', e."occurredAt"), 'YYYY-MM-DD') AS month, ${STREAM_OF_ENTRY} AS stream,
           e."accountType"::text AS account, SUM(e.amount)::bigint AS total
      FROM "LedgerEntry" e
      JOIN "LedgerTransaction" t ON t.id = e."transactionId"
      LEFT JOIN "Purchase" p ON p.id = t."purchaseId"
     WHERE e.currency = ${period.currency} AND e."occurredAt" >= ${period.from} AND e."occurredAt" < ${period.to}
       ${scope.creatorId ? Prisma.sql`AND e."creatorId" = ${scope.creatorId}` : Prisma.empty}
     GROUP BY 1, 2, 3
     ORDER BY 1`;
  return rows.filter((r): r is typeof r & { stream: RevenueStream } => r.stream !== null).map((r) => ({ ...r, stream: r.stream }));
}

/** A stream's headline amount from its account sums (minor units): see ZStreamFigures.amount. */
export function headlineOf(stream: RevenueStream, sums: Partial<Record<string, number>>): number {
  const get = (account: string) => sums[account] ?? 0;
  // 0 − x, not −x: an empty sum is 0, never −0.
  if (stream === 'CREDITS_USED') return 0 - get('CREDIT_LIABILITY');
  if (stream === 'CREDITS_GRANTED') return get('CREDIT_LIABILITY');
  return 0 - get('BUYER_PAYMENTS');
}

/** Adds `rows` up per stream (and per month), every stream present with zeros. */
function totalsByStream(rows: StreamSum[]): Map<RevenueStream, Record<string, number>> {
  const totals = new Map<RevenueStream, Record<string, number>>(REVENUE_STREAMS.map((s) => [s, {}]));
  for (const row of rows) {
    const sums = totals.get(row.stream)!;
    sums[row.account] = (sums[row.account] ?? 0) + Number(row.total);
  }
  return totals;
}

/** Months of `rows` (oldest first), each with `value(stream, sums)` for every stream. */
export function monthsOf(rows: StreamSum[], value: (stream: RevenueStream, sums: Record<string, number>) => number): { month: string; values: Record<RevenueStream, number> }[] {
  const byMonth = new Map<string, StreamSum[]>();
  for (const row of rows) byMonth.set(row.month, [...(byMonth.get(row.month) ?? []), row]);
  return [...byMonth.entries()].map(([month, monthRows]) => {
    const totals = totalsByStream(monthRows);
    return { month, values: Object.fromEntries(REVENUE_STREAMS.map((s) => [s, value(s, totals.get(s)!)])) as Record<RevenueStream, number> };
  });
}

/** Each stream's figures (minor units) from its account sums. */
function streamFigures(stream: RevenueStream, sums: Record<string, number>): StreamFigures {
  const get = (account: string) => sums[account] ?? 0;
  return { stream, amount: headlineOf(stream, sums), platformFees: get('PLATFORM_FEES'), refunds: get('REFUNDS'), creatorEarnings: get('CREATOR_PAYABLE'), stripeFees: get('STRIPE_FEES') };
}

/** The subscriptions of plugins priced in `currency` that could be paying at some instant of [from, to], as metric spans. */
async function subscriptionSpans(deps: FinanceDeps, period: Period): Promise<SubscriptionSpan[]> {
  const { prisma } = deps;
  const subscriptions = await prisma.subscription.findMany({
    where: { createdAt: { lte: period.to }, OR: [{ canceledAt: null }, { canceledAt: { gte: period.from } }] },
    select: { pluginId: true, status: true, createdAt: true, canceledAt: true, billingAnchor: true, tier: { select: { priceAmount: true } }, trial: { select: { status: true, convertedAt: true } } },
  });
  // A subscription names its plugin by id only (no relation): its currency, price and interval are the plugin's.
  const pluginIds = [...new Set(subscriptions.map((s) => s.pluginId))];
  const plugins = new Map((await prisma.plugin.findMany({ where: { id: { in: pluginIds }, currency: period.currency }, select: { id: true, priceAmount: true, billingInterval: true } })).map((p) => [p.id, p]));
  const rows = subscriptions.filter((s) => plugins.has(s.pluginId));
  return rows.map((s) => {
    const plugin = plugins.get(s.pluginId)!;
    // Paying from the first paid period: a trial's conversion, else the billing anchor, else (older rows) its creation once paid.
    const payingSince = s.trial ? (s.trial.status === 'CONVERTED' ? s.trial.convertedAt : null)
      : s.billingAnchor ?? (s.status === 'TRIALING' || s.status === 'INCOMPLETE' ? null : s.createdAt);
    const interval: BillingInterval = plugin.billingInterval === 'year' ? 'year' : 'month';
    return { priceAmount: s.tier?.priceAmount ?? plugin.priceAmount, interval, payingSince, canceledAt: s.canceledAt };
  });
}

/**
 * Revenue by pricing model of `period` (`{ from, to, currency }`, [from, to)): per stream and per
 * UTC month from the ledger, deferred revenue at `to`, trials ended, free installs, MRR and churn.
 * @returns ZPricingModelsOutput (minor units of `currency`; counts of trials and free installs in every currency).
 */
export async function readPricingModels(deps: FinanceDeps, period: Period) {
  const { prisma } = deps;
  const [rows, deferred, converted, expired, freeInstalls, spans] = await Promise.all([
    sumByStream(deps, { period }),
    prisma.ledgerEntry.aggregate({ where: { accountType: 'CREDIT_LIABILITY', currency: period.currency, occurredAt: { lt: period.to } }, _sum: { amount: true } }),
    prisma.trial.count({ where: { status: 'CONVERTED', convertedAt: { gte: period.from, lt: period.to } } }),
    prisma.trial.count({ where: { status: 'EXPIRED', endedAt: { gte: period.from, lt: period.to } } }),
    prisma.license.count({ where: { purchaseId: null, replacesLicenseId: null, trial: { is: null }, issuedAt: { gte: period.from, lt: period.to } } }),
    subscriptionSpans(deps, period),
  ]);
  const totals = totalsByStream(rows);
  const metrics = subscriptionMetrics(spans, period);
  return {
    currency: period.currency, from: period.from, to: period.to,
    streams: REVENUE_STREAMS.map((stream) => streamFigures(stream, totals.get(stream)!)),
    months: monthsOf(rows, headlineOf).map(({ month, values }) => ({ month, amounts: values })),
    deferredRevenue: Number(deferred._sum.amount ?? 0n),
    trials: { converted, expired, conversionRate: trialConversionRate({ converted, expired }) },
    freeInstalls,
    subscriptions: {
      mrr: metrics.mrrAtEnd, mrrAtStart: metrics.mrrAtStart, activeAtStart: metrics.activeAtStart, activeAtEnd: metrics.activeAtEnd,
      canceled: metrics.canceled, logoChurnRate: metrics.logoChurnRate, revenueChurnRate: metrics.revenueChurnRate,
    },
  };
}
