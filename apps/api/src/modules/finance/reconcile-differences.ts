/**
 * Reconciliation with every difference listed: the platform's Stripe balance transactions of a
 * period, each matched to the ledger transaction that posts it (rules.ts' matchReconciliation),
 * and the ledger transactions of the period with none. Each difference names the Stripe object
 * and, where we have it, the purchase it belongs to.
 */
import type Stripe from 'stripe';
import type { ReconciliationDifference } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { requireStripe } from '../../platform/stripe/access.ts';
import type { Period } from './figures.ts';
import { expectedLedgerKey, matchReconciliation, PLATFORM_BALANCE_ACCOUNTS, type LedgerPostingSummary, type PlatformBalanceTransaction, type UnlinkedDifference } from './rules.ts';

type ReconcileDeps = Pick<AppDeps, 'prisma' | 'stripe'>;

/** Balance transaction types of the platform's own payouts to its bank: they move no marketplace money, so the ledger posts none. */
const PLATFORM_PAYOUT_TYPES = new Set(['payout', 'payout_cancel', 'payout_failure']);

/** Stripe dates objects in whole seconds, and the ledger posts them at those seconds: rounding each bound up keeps [from, to) the same seconds on both sides. */
export const ceilToSecond = (at: Date) => new Date(Math.ceil(at.getTime() / 1000) * 1000);

/**
 * The platform account's balance transactions created in `period` ([from, to), whole seconds)
 * in its currency, its own payouts left out; amounts in minor units, `created` in Unix seconds.
 * @throws AppError PRECONDITION_FAILED without Stripe; Stripe errors when they cannot be listed.
 */
export async function listPlatformBalanceTransactions(deps: Pick<AppDeps, 'stripe'>, period: Period): Promise<PlatformBalanceTransaction[]> {
  const stripe = requireStripe(deps);
  const created = { gte: period.from.getTime() / 1000, lt: period.to.getTime() / 1000 };
  const found: PlatformBalanceTransaction[] = [];
  for await (const bt of stripe.balanceTransactions.list({ created, limit: 100 })) {
    if (bt.currency !== period.currency || PLATFORM_PAYOUT_TYPES.has(bt.type)) continue;
    const source = typeof bt.source === 'string' ? bt.source : bt.source?.id ?? null;
    found.push({ id: bt.id, type: bt.type, source, net: bt.net, currency: bt.currency, created: bt.created });
  }
  return found;
}

/**
 * In one query: the ledger transactions dated in `period` and those posted under one of `keys`
 * (wherever dated), each with its currency and platform net (Σ over PLATFORM_BALANCE_ACCOUNTS).
 */
async function listLedgerPostings(deps: Pick<AppDeps, 'prisma'>, input: { period: Period; keys: string[] }): Promise<LedgerPostingSummary[]> {
  const { period, keys } = input;
  const rows = await deps.prisma.$queryRaw<{ id: string; externalKey: string; kind: string; purchaseId: string | null; occurredAt: Date; currency: string; platformNet: bigint | null }[]>`
    SELECT t.id, t."externalKey", t.kind, t."purchaseId", t."occurredAt", MIN(e.currency) AS currency,
           SUM(e.amount) FILTER (WHERE e."accountType"::text = ANY(${[...PLATFORM_BALANCE_ACCOUNTS]}::text[]))::bigint AS "platformNet"
      FROM "LedgerTransaction" t JOIN "LedgerEntry" e ON e."transactionId" = t.id
     WHERE (t."occurredAt" >= ${period.from} AND t."occurredAt" < ${period.to}) OR t."externalKey" = ANY(${keys}::text[])
     GROUP BY t.id`;
  return rows.map((row) => ({ ...row, platformNet: Number(row.platformNet ?? 0n) }));
}

/** A Stripe object id to the charge it belongs to, reading the balance transaction's expanded source. */
function chargeOfSource(source: unknown): string | null {
  if (typeof source !== 'object' || source === null) return null;
  const object = source as { object?: string; id?: string; charge?: unknown; source_transaction?: unknown; originating_transaction?: unknown };
  const idOf = (value: unknown) => (typeof value === 'string' ? value : (value as { id?: string } | null)?.id ?? null);
  switch (object.object) {
    case 'charge': return object.id ?? null;
    case 'refund':
    case 'dispute': return idOf(object.charge);
    case 'transfer': return idOf(object.source_transaction);
    case 'application_fee': return idOf(object.originating_transaction) ?? idOf(object.charge);
    default: return null;
  }
}

/** At most this many balance transactions are read back from Stripe to find a difference's purchase. */
const MAX_SOURCE_LOOKUPS = 50;

/**
 * The purchase of each difference: the matched posting's, else our rows naming its source
 * (charge, refund, dispute, application fee, transfer), else the charge Stripe names for it.
 */
async function linkDifferences(deps: ReconcileDeps, differences: UnlinkedDifference[]): Promise<ReconciliationDifference[]> {
  const { prisma } = deps;
  const sources = differences.filter((d) => !d.purchaseId && d.stripe?.sourceId).map((d) => d.stripe!.sourceId!);
  const purchaseOf = new Map<string, string>();
  if (sources.length > 0) {
    const [purchases, refunds, disputes, transfers] = await Promise.all([
      prisma.purchase.findMany({ where: { OR: [{ chargeId: { in: sources } }, { applicationFeeId: { in: sources } }, { transferId: { in: sources } }] }, select: { id: true, chargeId: true, applicationFeeId: true, transferId: true } }),
      prisma.refund.findMany({ where: { stripeRefundId: { in: sources } }, select: { purchaseId: true, stripeRefundId: true } }),
      prisma.dispute.findMany({ where: { stripeDisputeId: { in: sources } }, select: { purchaseId: true, stripeDisputeId: true } }),
      prisma.transfer.findMany({ where: { stripeTransferId: { in: sources }, purchaseId: { not: null } }, select: { purchaseId: true, stripeTransferId: true } }),
    ]);
    for (const p of purchases) for (const id of [p.chargeId, p.applicationFeeId, p.transferId]) if (id) purchaseOf.set(id, p.id);
    for (const r of refunds) purchaseOf.set(r.stripeRefundId!, r.purchaseId);
    for (const d of disputes) purchaseOf.set(d.stripeDisputeId, d.purchaseId);
    for (const t of transfers) purchaseOf.set(t.stripeTransferId, t.purchaseId!);
  }
  const unknown = differences.filter((d) => !d.purchaseId && d.stripe?.sourceId && !purchaseOf.has(d.stripe.sourceId)).slice(0, MAX_SOURCE_LOOKUPS);
  if (unknown.length > 0) {
    const stripe = requireStripe(deps);
    const charges = await Promise.all(unknown.map(async (d) => {
      const bt: Stripe.BalanceTransaction | null = await stripe.balanceTransactions.retrieve(d.stripe!.balanceTransactionId, { expand: ['source'] }).catch(() => null);
      return [d.stripe!.sourceId!, chargeOfSource(bt?.source)] as const;
    }));
    const chargeIds = charges.map(([, charge]) => charge).filter((charge): charge is string => charge !== null);
    const purchases = await prisma.purchase.findMany({ where: { chargeId: { in: chargeIds } }, select: { id: true, chargeId: true } });
    const byCharge = new Map(purchases.map((p) => [p.chargeId!, p.id]));
    for (const [source, charge] of charges) if (charge && byCharge.has(charge)) purchaseOf.set(source, byCharge.get(charge)!);
  }
  return differences.map(({ purchaseId, ...difference }) => ({
    ...difference,
    link: { purchaseId: purchaseId ?? (difference.stripe?.sourceId ? purchaseOf.get(difference.stripe.sourceId) ?? null : null) },
  }));
}

/**
 * Reconciles `period` (`{ from, to, currency }`, [from, to), bounds rounded up to whole seconds)
 * object by object; amounts in minor units.
 * @returns both totals and their difference, per balance-transaction type, and every difference
 *   (see matchReconciliation), each linked to its purchase when we have one; isReconciled when none.
 * @throws AppError PRECONDITION_FAILED in a process without Stripe; Stripe errors when the
 *   balance transactions cannot be listed.
 */
export async function reconcileWithDifferences(deps: ReconcileDeps, input: Period) {
  const period = { ...input, from: ceilToSecond(input.from), to: ceilToSecond(input.to) };
  const balanceTransactions = await listPlatformBalanceTransactions(deps, period);
  const keys = balanceTransactions.map(expectedLedgerKey).filter((key): key is string => key !== null);
  const ledgerTransactions = await listLedgerPostings(deps, { period, keys });
  const match = matchReconciliation({ balanceTransactions, ledgerTransactions, period });
  const differences = await linkDifferences(deps, match.differences);
  return {
    currency: period.currency, from: period.from, to: period.to,
    ledgerPlatformNet: match.ledgerPlatformNet, stripePlatformNet: match.stripePlatformNet,
    difference: match.ledgerPlatformNet - match.stripePlatformNet,
    byType: match.byType, differences, isReconciled: differences.length === 0,
  };
}
