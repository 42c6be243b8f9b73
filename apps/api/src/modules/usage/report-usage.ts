/**
 * `POST /v1/licenses/usage`: a plugin client reports `quantity` units of one metric of its
 * license's tier. Idempotent per (license, idempotencyKey), append-only (UsageRecord), and never
 * over a hard quota under concurrency: each report locks the license row (availableCreditsOf with
 * isLocking) and then its UsageCounter row, so the reports of one license run one after another.
 */
import { AppError, coverUsage, quotaPeriodOf, remainingIncluded, type LicenseUsageRequest, type LicenseUsageResult, type TierQuota } from '@marketdesk/shared';
import type { Prisma } from '../../generated/prisma/client.ts';
import { resolveUsableLicense, type LicenseApiDeps, type LicenseDecision } from '../licenses/index.ts';
import { availableCreditsOf, creditUseEntries, platformFee, postLedgerTransaction } from '../payments/index.ts';
import { parseTierQuotas, quotaExceededDetail, toPublicQuotas, type QuotaState } from './quota-state.ts';

/** The license API's deps plus the platform's fee on credits used (config.platformFeePercent). */
export interface UsageApiDeps extends LicenseApiDeps {
  platformFeePercent: number;
}

/** A license decision whose body carries the report's `usage` (when the license was usable). */
export type UsageDecision = LicenseDecision & { body: LicenseDecision['body'] & { usage?: LicenseUsageResult } };

/** Largest value of the Int columns the amounts go to (UsageRecord, UsageCounter). */
const MAX_INT4 = 2_147_483_647;

type Tx = Prisma.TransactionClient;

const LICENSE_TERMS_SELECT = {
  pluginId: true, tier: { select: { key: true, name: true, quotas: true } }, plugin: { select: { creatorId: true, currency: true } },
  subscription: { select: { status: true, currentPeriodStart: true, currentPeriodEnd: true } },
} as const;

/**
 * Records one usage report of `input` at `deps.clock`'s now. The key is verified and the license
 * read like validate (resolveUsableLicense): a key or status problem is answered with its code and
 * no `usage`. Then, in one transaction: lock the license and read its credit balance; an earlier
 * report with the same idempotency key is answered again as it was (nothing new recorded); upsert
 * and lock the metric's UsageCounter for the period (quotaPeriodOf); cover the quantity
 * (coverUsage: included units, credits, overage when the quota is soft and the subscription
 * ACTIVE and its period not yet billed); insert the UsageRecord, bump the counter, and post
 * `credit_use:<recordId>` (creditUseEntries, platform fee platformFee(amount,
 * platformFeePercent)) when credits were drawn. A report that cannot be covered records nothing
 * and answers QUOTA_EXCEEDED (HTTP 200, like every license code) with `usage.accepted` false.
 * @throws AppError INVALID_INPUT (field `metric`: not a quota of the license's tier; field
 *   `quantity`: the amounts would overflow the period's counter), IDEMPOTENCY_KEY_REUSED (field
 *   `idempotencyKey`: the key was used for another metric or quantity).
 */
export async function reportUsage(deps: UsageApiDeps, input: LicenseUsageRequest): Promise<UsageDecision> {
  const now = deps.clock.now();
  const resolved = await resolveUsableLicense(deps, input.key);
  if (!('licenseId' in resolved)) return resolved.decision;
  const { licenseId, decision } = resolved;
  const terms = await deps.prisma.license.findUniqueOrThrow({ where: { id: licenseId }, select: LICENSE_TERMS_SELECT });
  const quotas = parseTierQuotas(terms.tier?.quotas);
  const quota = quotas.find((q) => q.metric === input.metric);
  if (!quota) {
    const known = quotas.map((q) => q.metric).join(', ') || 'none: its tier has no quotas';
    throw new AppError('INVALID_INPUT', { message: `metric: ${input.metric} is not a quota of this license's tier (its metrics: ${known})`, field: 'metric' });
  }
  const sub = terms.subscription;
  const period = quotaPeriodOf(now, sub ? { start: sub.currentPeriodStart, end: sub.currentPeriodEnd } : null);
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  const tags = { creatorId: terms.plugin.creatorId, pluginId: terms.pluginId, licenseId };

  return deps.prisma.$transaction(async (tx) => {
    // What credits may pay: the balance less refunds of unused credits reserved and not posted yet (payments' availableCreditsOf), under the license's lock.
    let creditBalance = await availableCreditsOf(tx, licenseId, { isLocking: true });
    const existing = await tx.usageRecord.findUnique({ where: { licenseId_idempotencyKey: { licenseId, idempotencyKey: input.idempotencyKey } } });
    if (existing) {
      if (existing.metric !== input.metric || existing.quantity !== input.quantity) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED', {
          message: `idempotencyKey: already used for a report of ${existing.quantity} ${existing.metric}; a new report needs a new key`, field: 'idempotencyKey',
        });
      }
      const counter = await tx.usageCounter.findUniqueOrThrow({ where: { licenseId_metric_periodStart: { licenseId, metric: existing.metric, periodStart: existing.periodStart } } });
      const state = await readState(tx, quotas, { start: counter.periodStart, end: counter.periodEnd }, creditBalance, licenseId, terms.plugin.currency, terms.tier);
      return withUsage(decision, 'VALID', 'This usage was already reported', state, {
        metric: existing.metric, accepted: true, quantity: existing.quantity, includedQuantity: existing.includedQuantity, creditQuantity: existing.creditQuantity,
        overageQuantity: existing.overageQuantity, remaining: remainingIncluded(counter.used, quota.included), creditBalance,
        periodStart: counter.periodStart.toISOString(), periodEnd: counter.periodEnd.toISOString(),
      });
    }
    const key = { licenseId_metric_periodStart: { licenseId, metric: input.metric, periodStart: period.start } };
    // The UPDATE of the upsert takes the counter's row lock; the license lock above already orders the reports of this license.
    const counter = await tx.usageCounter.upsert({ where: key, create: { licenseId, metric: input.metric, periodStart: period.start, periodEnd: period.end }, update: { periodEnd: period.end } });
    const canBillOverage = sub?.status === 'ACTIVE' && now < sub.currentPeriodEnd && counter.billedPurchaseId === null;
    const cover = coverUsage({ used: counter.used, quantity: input.quantity, included: quota.included, isHard: quota.isHard, overageUnitAmount: quota.overageUnitAmount, creditBalance, canBillOverage });
    const usageOf = (accepted: boolean, used: number, split: { includedQuantity: number; creditQuantity: number; overageQuantity: number }): LicenseUsageResult => ({
      metric: input.metric, accepted, quantity: input.quantity,
      includedQuantity: split.includedQuantity, creditQuantity: split.creditQuantity, overageQuantity: split.overageQuantity, remaining: remainingIncluded(used, quota.included), creditBalance,
      periodStart: period.start.toISOString(), periodEnd: period.end.toISOString(),
    });
    if (!cover.accepted) {
      const state = await readState(tx, quotas, period, creditBalance, licenseId, terms.plugin.currency, terms.tier);
      const spent = state.quotas.find((q) => q.metric === input.metric)!;
      return withUsage(decision, 'QUOTA_EXCEEDED', `${quotaExceededDetail(spent, period)}. Reported ${input.quantity}, nothing recorded`, state,
        usageOf(false, counter.used, { includedQuantity: 0, creditQuantity: 0, overageQuantity: 0 }));
    }
    if (counter.overageAmount + cover.overageAmount > MAX_INT4 || cover.creditAmount > MAX_INT4) {
      throw new AppError('INVALID_INPUT', { message: `quantity: ${input.quantity} units would take this period's amounts past ${MAX_INT4} minor units; report less at a time`, field: 'quantity' });
    }
    const record = await tx.usageRecord.create({
      data: {
        licenseId, metric: input.metric, quantity: input.quantity, idempotencyKey: input.idempotencyKey, periodStart: period.start, occurredAt,
        includedQuantity: cover.includedQuantity, creditQuantity: cover.creditQuantity, creditAmount: cover.creditAmount, overageQuantity: cover.overageQuantity, overageAmount: cover.overageAmount,
      },
      select: { id: true },
    });
    const updated = await tx.usageCounter.update({
      where: key, data: { used: { increment: input.quantity }, overageQuantity: { increment: cover.overageQuantity }, overageAmount: { increment: cover.overageAmount } }, select: { used: true },
    });
    if (cover.creditAmount > 0) {
      await postLedgerTransaction(tx, {
        externalKey: `credit_use:${record.id}`, kind: 'credit_use', description: `${cover.creditQuantity} ${input.metric} paid with credits`, currency: terms.plugin.currency, occurredAt: now,
        entries: creditUseEntries(tags, cover.creditAmount, platformFee(cover.creditAmount, deps.platformFeePercent)),
      });
      creditBalance -= cover.creditAmount;
    }
    const state = await readState(tx, quotas, period, creditBalance, licenseId, terms.plugin.currency, terms.tier);
    return withUsage(decision, 'VALID', 'The usage is recorded', state, usageOf(true, updated.used, cover));
  }, { timeout: 15_000, maxWait: 15_000 });
}

/** The quota state inside the report's transaction: this period's counters of every quota of the tier. */
async function readState(tx: Tx, quotas: TierQuota[], period: { start: Date; end: Date }, creditBalance: number, licenseId: string, currency: string, tier: { key: string; name: string } | null): Promise<QuotaState> {
  const counters = await tx.usageCounter.findMany({ where: { licenseId, periodStart: period.start }, select: { metric: true, used: true } });
  const usedOf = new Map(counters.map((c) => [c.metric, c.used]));
  return { tier: tier ? { key: tier.key, name: tier.name } : null, currency, creditBalance, period, quotas: quotas.map((q) => ({ ...q, used: usedOf.get(q.metric) ?? 0 })) };
}

/** The license answer with the report's outcome: code, detail, the license's quotas and credits after it, and `usage`. */
function withUsage(decision: LicenseDecision, code: 'VALID' | 'QUOTA_EXCEEDED', detail: string, state: QuotaState, usage: LicenseUsageResult): UsageDecision {
  const license = decision.body.license ? { ...decision.body.license, quotas: toPublicQuotas(state), creditBalance: state.creditBalance, currency: state.currency } : null;
  return { ...decision, body: { ...decision.body, valid: code === 'VALID', code, detail, license, usage } };
}
