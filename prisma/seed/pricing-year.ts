/**
 * The pricing models in the seeded year (issue 15), planned beside the purchases of ./money.ts and
 * run on the same story clock, each through the code path a real client or staff member uses:
 * - free installs: `createPurchaseOrFreeLicense`, what `POST /v1/purchases` runs, of a FREE plugin
 *   or a tier priced 0 (no Stripe call; called with the story's clock, since no Stripe object
 *   carries the moment);
 * - trials: `POST /v1/trials` with a saved card (Stripe's clock dates them); the renewal job
 *   converts them at the trial end, or — the card made failing through the emulator's control,
 *   as a lapsing subscriber's — ends them unpaid;
 * - tier changes of subscriptions: `changeSubscriptionTier` as the demo support user (upgrades
 *   charge the prorated net, downgrades carry a credit to the next renewal);
 * - usage reports: the license API's `reportUsage` (what `POST /v1/licenses/usage` runs) on the
 *   story's clock, within the included quantity, beyond it on soft quotas (overage, billed by the
 *   renewal job at the period end) and refused on a spent hard quota;
 * - credit packs: `POST /v1/credit-packs` for one-time tiered licenses, used up by usage beyond
 *   the included quantity, or refunded unused by the demo finance user through the refunds service.
 * Every action is idempotent (deterministic keys, or a look at what exists), so an interrupted
 * seed that runs them again changes nothing.
 */
import { createHash } from 'node:crypto';
import { creditPackAmountsFor } from '@marketdesk/shared';
import type { PrismaClient } from '../../apps/api/src/generated/prisma/client.ts';
import { keyringFor, renderLicenseKey } from '../../apps/api/src/modules/licenses/index.ts';
import { createPurchaseOrFreeLicense, createRefund, creditPackPurchaseIdFor } from '../../apps/api/src/modules/payments/index.ts';
import { changeSubscriptionTier } from '../../apps/api/src/modules/subscriptions/index.ts';
import { trialIdFor } from '../../apps/api/src/modules/trials/index.ts';
import { parseTierQuotas, reportUsage } from '../../apps/api/src/modules/usage/index.ts';
import type { StripeAccess } from '../../apps/api/src/platform/stripe/client.ts';
import { fixedClock, type AppDeps } from '../../apps/api/src/platform/deps.ts';

const DAY_SECONDS = 24 * 60 * 60;

/** A plugin as the planner sees it: its model and its tiers (cheapest first). */
export interface PlanPlugin {
  id: string;
  monthlyDownloads: bigint;
  pricingModel: string;
  tiers: { key: string; priceAmount: number; trialDays: number }[];
}

/** Which license a usage report or a credit pack is for: the seed's purchase `index`, free install or trial. */
export type LicenseRef = { of: 'purchase' | 'trial'; index: number } | { of: 'free'; index: number; pluginId: string; buyerEmail: string };

export type PricingAction =
  | { at: number; kind: 'free-install'; index: number; pluginId: string; tier?: 'free'; buyerEmail: string }
  | { at: number; kind: 'trial'; index: number; pluginId: string; buyerEmail: string }
  | { at: number; kind: 'trial-lapse'; index: number }
  /** The subscription of the seed's purchase `index`, or of trial `index` once converted; `step` tells a subscription's changes apart. */
  | { at: number; kind: 'change-tier'; of: 'purchase' | 'trial'; index: number; step: number; tier: 'pro' | 'enterprise' }
  /** `share` of the included quantity of the plugin's tier `tier` (the one the license was planned on); `key` its idempotency key. */
  | { at: number; kind: 'usage'; license: LicenseRef; tier: string; share: number; key: string }
  | { at: number; kind: 'credit-pack'; index: number }
  /** Uses the pack up: the rest of the month's included quantity, then exactly the pack's worth. */
  | { at: number; kind: 'credit-use'; index: number }
  | { at: number; kind: 'credit-refund'; index: number };

/** What the pricing actions did (counted in this run; see MoneySeedSummary.pricing for the totals). */
export interface PricingSeedCounts {
  freeInstalls: number;
  trials: { started: number; converted: number; lapsed: number };
  tierChanges: { upgrades: number; downgrades: number };
  usageReports: { accepted: number; refused: number };
  overageCharges: number;
  creditPacks: { bought: number; refunded: number };
}

export const emptyPricingCounts = (): PricingSeedCounts => ({
  freeInstalls: 0, trials: { started: 0, converted: 0, lapsed: 0 }, tierChanges: { upgrades: 0, downgrades: 0 }, usageReports: { accepted: 0, refused: 0 }, overageCharges: 0, creditPacks: { bought: 0, refunded: 0 },
});

/** A planned paid purchase of ./money.ts, as the pricing planner reads it. */
export interface PlannedPurchase { at: number; index: number; pluginId: string; tier?: string; declined: boolean }

/**
 * The pricing actions of the year, from their own random stream (the purchases' plan is the
 * same with or without them): `count` purchases give about 5 % as many free installs, 3 % trials
 * (at least 2 when a plugin offers one; every third ends unpaid; the first, converted, goes over
 * its quota, is upgraded and downgraded again), tier changes of 35 % of tiered
 * subscriptions 20–100 days in (pro ↔ enterprise), usage on 60 % of tiered licenses (two reports
 * in each of up to three periods, one period beyond the included quantity — overage on a
 * subscription, refused on a one-time license's hard quota), two usage reports on each free-tier
 * install (the second over its hard quota), and credit packs on 30 % of one-time tiered licenses
 * (at least one), 70 % used up, the rest refunded unused.
 */
export function planPricingActions(input: { plugins: PlanPlugin[]; freeTargets: { id: string; tier?: 'free' }[]; purchases: PlannedPurchase[]; count: number; seed: number; start: number; now: number; buyers: number; buyerDomain: string }): PricingAction[] {
  const random = randomSource(input.seed * 7_919 + 0x5eed);
  const between = (from: number, to: number) => Math.floor(from + random() * Math.max(0, to - from));
  const { start, now, buyerDomain } = input;
  const actions: PricingAction[] = [];
  const usageOf = (license: LicenseRef, tier: string, firstAt: number, periods: number, overagePeriod: number, firstDay = 2, secondDay = 9) => {
    for (let m = 0; m < periods; m += 1) {
      // Two reports a few days into the m-th month (within one subscription period or calendar month).
      const base = firstAt + Math.floor(m * 30.44 * DAY_SECONDS);
      const isOver = m === overagePeriod;
      const reports: [number, number][] = [[base + firstDay * DAY_SECONDS, isOver ? 0.8 : 0.3], [base + secondDay * DAY_SECONDS, isOver ? 0.25 : 0.2]];
      reports.forEach(([at, share], r) => { if (at < now) actions.push({ at, kind: 'usage', license, tier, share, key: `seed-${input.seed}-${license.of}-${license.index}-m${m}-r${r}` }); });
    }
  };

  // Free installs, over the whole year.
  if (input.freeTargets.length > 0) {
    const free = Math.max(1, Math.round(input.count * 0.05));
    for (let index = 0; index < free; index += 1) {
      const target = input.freeTargets[Math.floor(random() * input.freeTargets.length)]!;
      const at = between(start, now - DAY_SECONDS);
      const buyerEmail = `buyer${1 + Math.floor(random() * input.buyers)}@${buyerDomain}`;
      actions.push({ at, kind: 'free-install', index, pluginId: target.id, ...(target.tier ? { tier: target.tier } : {}), buyerEmail });
      if (target.tier === 'free') usageOf({ of: 'free', index, pluginId: target.id, buyerEmail }, 'free', at, 1, 0);
    }
  }

  // Trials of subscription pro tiers, early enough to end inside the story.
  const trialPlugins = input.plugins.filter((p) => p.pricingModel === 'SUBSCRIPTION' && p.tiers.some((t) => t.key === 'pro' && t.trialDays > 0 && t.priceAmount > 0));
  if (trialPlugins.length > 0) {
    const trials = Math.max(2, Math.round(input.count * 0.03));
    for (let index = 0; index < trials; index += 1) {
      const plugin = trialPlugins[Math.floor(random() * trialPlugins.length)]!;
      const at = between(start + DAY_SECONDS, now - 30 * DAY_SECONDS);
      actions.push({ at, kind: 'trial', index, pluginId: plugin.id, buyerEmail: `trial${input.seed}-${index}@${buyerDomain}` });
      if (index % 3 === 1) actions.push({ at: at + DAY_SECONDS, kind: 'trial-lapse', index });
      else if (index > 0) usageOf({ of: 'trial', index }, 'pro', at, 2, -1);
      else {
        // The first trial, once converted (period 1 starts at the trial end, day 14): usage beyond
        // its pro quota in period 1 (overage, billed at that period's end), an upgrade in it and a
        // downgrade back in period 2 — so that every seeded year has them.
        usageOf({ of: 'trial', index }, 'pro', at + 14 * DAY_SECONDS, 1, 0, 2, 4);
        actions.push({ at: at + 22 * DAY_SECONDS, kind: 'change-tier', of: 'trial', index, step: 1, tier: 'enterprise' });
        actions.push({ at: at + 50 * DAY_SECONDS, kind: 'change-tier', of: 'trial', index, step: 2, tier: 'pro' });
      }
    }
  }

  // Paid tiered purchases: tier changes, usage, credit packs.
  const byId = new Map(input.plugins.map((p) => [p.id, p]));
  let packs = 0;
  const oneTimeTiered: PlannedPurchase[] = [];
  for (const purchase of input.purchases) {
    const plugin = byId.get(purchase.pluginId);
    if (purchase.declined || !plugin || plugin.tiers.length === 0 || !purchase.tier) continue;
    const license: LicenseRef = { of: 'purchase', index: purchase.index };
    if (plugin.pricingModel === 'SUBSCRIPTION') {
      if (random() < 0.35) {
        const at = purchase.at + Math.floor((20 + random() * 80) * DAY_SECONDS);
        if (at < now) actions.push({ at, kind: 'change-tier', of: 'purchase', index: purchase.index, step: 1, tier: purchase.tier === 'enterprise' ? 'pro' : 'enterprise' });
      }
      if (random() < 0.6) usageOf(license, purchase.tier, purchase.at, 1 + Math.floor(random() * 3), Math.floor(random() * 2));
      continue;
    }
    oneTimeTiered.push(purchase);
    if (random() < 0.3) {
      planPack(purchase);
      packs += 1;
    } else if (random() < 0.6) {
      usageOf(license, purchase.tier, purchase.at, 1 + Math.floor(random() * 2), random() < 0.3 ? 0 : -1);
    }
  }
  if (packs === 0 && oneTimeTiered.length > 0) planPack(oneTimeTiered[0]!);
  function planPack(purchase: PlannedPurchase) {
    const at = purchase.at + Math.floor((3 + random() * 7) * DAY_SECONDS);
    if (at + 2 * DAY_SECONDS >= now) return;
    actions.push({ at, kind: 'credit-pack', index: purchase.index });
    // Used the next day at noon UTC (one calendar month for both reports), or refunded unused.
    const next = Math.floor((at + DAY_SECONDS) / DAY_SECONDS) * DAY_SECONDS + DAY_SECONDS / 2;
    if (random() < 0.7) actions.push({ at: next, kind: 'credit-use', index: purchase.index });
    else actions.push({ at: next, kind: 'credit-refund', index: purchase.index });
  }
  return actions;
}

/** What the pricing actions need from the money seed's run. */
export interface PricingContext {
  deps: Pick<AppDeps, 'prisma' | 'stripe' | 'config' | 'clock'>;
  access: StripeAccess;
  baseUrl: string;
  seed: number;
  finance: { userId: string; email: string };
  support: { userId: string; email: string } | null;
  /** The seed's purchase id of purchase `index` (./money.ts). */
  purchaseIdOf: (index: number) => string;
  /** Waits until the webhook inbox processed everything due. */
  settle: () => Promise<void>;
  counts: PricingSeedCounts;
}

/**
 * Runs one pricing action at its story moment `action.at` (the emulator's clock is already there).
 * @throws Error when a service or endpoint refuses for another reason than the story allows
 *   (a declined or expired license answered with its code is counted, not thrown).
 */
export async function runPricingAction(ctx: PricingContext, action: PricingAction): Promise<void> {
  const { deps, seed } = ctx;
  const { prisma } = deps;
  const at = new Date(action.at * 1000);
  const storyDeps = { ...deps, clock: fixedClock(at) };
  const requestId = `seed-${seed}`;
  switch (action.kind) {
    case 'free-install': {
      const result = await createPurchaseOrFreeLicense(storyDeps, { pluginId: action.pluginId, buyerEmail: action.buyerEmail, ...(action.tier ? { tier: action.tier } : {}) });
      if (!('licenseId' in result) || !result.licenseId) throw new Error(`a free install of ${action.pluginId} answered no license: ${JSON.stringify(result)}`);
      ctx.counts.freeInstalls += 1;
      return;
    }
    case 'trial': {
      const response = await fetch(`${ctx.baseUrl}/v1/trials`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': trialKey(seed, action.index) },
        body: JSON.stringify({ pluginId: action.pluginId, tier: 'pro', buyerEmail: action.buyerEmail, fingerprint: fingerprintOf(seed, action.index), paymentMethod: 'pm_card_visa' }),
      });
      const body = (await response.json()) as { status?: string; licenseId?: string | null };
      if (response.status !== 201 || body.status !== 'ACTIVE') throw new Error(`POST /v1/trials answered ${response.status}: ${JSON.stringify(body)}`);
      ctx.counts.trials.started += 1;
      return;
    }
    case 'trial-lapse': {
      // The saved card starts failing before the trial ends: the conversion charge is declined.
      const trial = await prisma.trial.findUnique({ where: { id: trialIdFor(trialKey(seed, action.index)) }, select: { status: true, subscription: { select: { stripeCustomerId: true } } } });
      const customer = trial?.subscription?.stripeCustomerId;
      if (trial?.status === 'ACTIVE' && customer) {
        await ctx.access.emulator!.control.declineCustomerCharges(customer);
        ctx.counts.trials.lapsed += 1;
      }
      return;
    }
    case 'change-tier': {
      const select = { id: true, status: true, cancelAtPeriodEnd: true, tier: { select: { key: true } } } as const;
      const find = async () => action.of === 'trial'
        ? (await prisma.trial.findUnique({ where: { id: trialIdFor(trialKey(seed, action.index)) }, select: { subscription: { select } } }))
        : (await prisma.purchase.findUnique({ where: { id: ctx.purchaseIdOf(action.index) }, select: { subscription: { select } } }));
      let holder = await find();
      if (holder && !holder.subscription) {
        await ctx.settle();
        holder = await find();
      }
      const subscription = holder?.subscription;
      if (!subscription || subscription.status !== 'ACTIVE' || subscription.cancelAtPeriodEnd || subscription.tier?.key === action.tier || !ctx.support) return;
      const result = await changeSubscriptionTier(storyDeps, {
        subscriptionId: subscription.id, tier: action.tier, at, requestKey: `seed:${seed}:change-tier:${action.of}:${action.index}:${action.step}`,
        actor: { ...ctx.support, requestId, ip: null }, reason: action.tier === 'enterprise' ? 'The customer asked for the enterprise tier' : 'The customer moved back to the pro tier',
      });
      if (result.direction === 'UPGRADE') ctx.counts.tierChanges.upgrades += 1;
      else ctx.counts.tierChanges.downgrades += 1;
      return;
    }
    case 'usage': {
      const license = await findLicense(ctx, action.license);
      if (!license) return;
      // The planned tier's quantity, not the license's tier now: a run resumed after a tier change reports what the first run did.
      const tier = await prisma.pluginTier.findUnique({ where: { pluginId_key: { pluginId: license.pluginId, key: action.tier } }, select: { quotas: true } });
      const included = parseTierQuotas(tier?.quotas).find((q) => q.metric === 'api_calls')?.included ?? 0;
      if (included === 0) return;
      await report(ctx, storyDeps, license, Math.max(1, Math.round(included * action.share)), action.key);
      return;
    }
    case 'credit-pack': {
      const license = await findLicense(ctx, { of: 'purchase', index: action.index });
      if (!license || license.status !== 'ACTIVE') return;
      const response = await fetch(`${ctx.baseUrl}/v1/credit-packs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': packKey(seed, action.index) },
        body: JSON.stringify({ licenseKey: await renderLicenseKey(deps, license), packAmount: creditPackAmountsFor(license.plugin.currency)[0], paymentMethod: 'pm_card_visa' }),
      });
      const body = (await response.json()) as { purchaseId?: string };
      if (response.status !== 201 || !body.purchaseId) throw new Error(`POST /v1/credit-packs answered ${response.status}: ${JSON.stringify(body)}`);
      ctx.counts.creditPacks.bought += 1;
      return;
    }
    case 'credit-use': {
      const pack = await paidPack(ctx, action.index);
      const license = pack && await findLicense(ctx, { of: 'purchase', index: action.index });
      if (!pack || !license) return;
      const quota = parseTierQuotas(license.tier?.quotas).find((q) => q.metric === 'api_calls');
      if (!quota || quota.overageUnitAmount <= 0) return;
      // The month's included quantity first (what is left of it), then exactly what the pack pays for.
      const periodStart = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
      const counter = await prisma.usageCounter.findUnique({ where: { licenseId_metric_periodStart: { licenseId: license.id, metric: quota.metric, periodStart } }, select: { used: true } });
      const left = quota.included - (counter?.used ?? 0);
      if (left > 0) await report(ctx, storyDeps, license, left, `seed-${seed}-pack-${action.index}-included`);
      await report(ctx, storyDeps, license, Math.floor(pack.amount / quota.overageUnitAmount), `seed-${seed}-pack-${action.index}-credits`);
      return;
    }
    case 'credit-refund': {
      const pack = await paidPack(ctx, action.index);
      if (!pack || pack.status !== 'SUCCEEDED') return;
      await createRefund(deps, { actor: { ...ctx.finance, requestId, ip: null }, purchaseId: pack.id, amount: pack.amount, currency: pack.currency, reason: 'REQUESTED_BY_CUSTOMER', note: 'Seeded refund of unused credits', revokeLicense: false, requestKey: `seed:${seed}:credit-refund:${action.index}` });
      ctx.counts.creditPacks.refunded += 1;
      return;
    }
  }
}

/** Counts, from the database, what the renewal job did with the pricing models: trials converted, overage charges. */
export async function countPricingOutcomes(prisma: PrismaClient, buyerDomain: string, counts: PricingSeedCounts): Promise<PricingSeedCounts> {
  const seeded = { buyerEmail: { endsWith: `@${buyerDomain}` } };
  const [converted, overage] = await Promise.all([
    prisma.trial.count({ where: { ...seeded, status: 'CONVERTED' } }),
    prisma.purchase.count({ where: { ...seeded, kind: 'OVERAGE', chargeId: { not: null } } }),
  ]);
  return { ...counts, trials: { ...counts.trials, converted }, overageCharges: overage };
}

const trialKey = (seed: number, index: number) => `seed:${seed}:trial:${index}`;
const packKey = (seed: number, index: number) => `seed:${seed}:credit-pack:${index}`;
const fingerprintOf = (seed: number, index: number) => createHash('sha256').update(`seed:${seed}:trial-machine:${index}`).digest('hex');

const LICENSE_SELECT = {
  id: true, keyId: true, pluginId: true, entitlements: true, machineLimit: true, issuedAt: true, expiresAt: true, signingKid: true, status: true,
  tier: { select: { quotas: true } }, plugin: { select: { currency: true } },
} as const;

/** The license `ref` names, read now (after the inbox settled, when its purchase's webhook may still be due). */
async function findLicense(ctx: PricingContext, ref: LicenseRef) {
  const { prisma } = ctx.deps;
  if (ref.of === 'trial') {
    const trial = await prisma.trial.findUnique({ where: { id: trialIdFor(trialKey(ctx.seed, ref.index)) }, select: { licenseId: true } });
    return trial ? prisma.license.findUnique({ where: { id: trial.licenseId }, select: LICENSE_SELECT }) : null;
  }
  if (ref.of === 'free') {
    // A free license has no purchase: the free install's license of that buyer, plugin and free tier.
    return prisma.license.findFirst({ where: { pluginId: ref.pluginId, buyerEmail: ref.buyerEmail, purchaseId: null, tier: { key: 'free' } }, select: LICENSE_SELECT, orderBy: { issuedAt: 'asc' } });
  }
  const purchaseId = ctx.purchaseIdOf(ref.index);
  const find = () => prisma.license.findFirst({ where: { OR: [{ purchaseId }, { subscription: { purchases: { some: { id: purchaseId } } } }] }, select: LICENSE_SELECT, orderBy: { issuedAt: 'asc' } });
  let license = await find();
  if (!license && (await prisma.purchase.count({ where: { id: purchaseId, status: { not: 'FAILED' } } })) > 0) {
    await ctx.settle();
    license = await find();
  }
  return license;
}

/** The seed's credit pack of purchase `index`, once its payment synced (waits for the inbox once). */
async function paidPack(ctx: PricingContext, index: number) {
  const { prisma } = ctx.deps;
  const id = creditPackPurchaseIdFor(packKey(ctx.seed, index));
  const find = () => prisma.purchase.findUnique({ where: { id }, select: { id: true, status: true, amount: true, currency: true, chargeId: true } });
  let pack = await find();
  if (pack && (!pack.chargeId || pack.status === 'PENDING')) {
    await ctx.settle();
    pack = await find();
  }
  return pack?.chargeId && pack.status !== 'FAILED' ? pack : null;
}

type SeedLicense = NonNullable<Awaited<ReturnType<typeof findLicense>>>;

/** One usage report through the license API's service on the story's clock; counts accepted and refused. */
async function report(ctx: PricingContext, storyDeps: Pick<AppDeps, 'prisma' | 'config' | 'clock'>, license: SeedLicense, quantity: number, idempotencyKey: string): Promise<void> {
  const { config, prisma } = ctx.deps;
  // Recorded by an earlier, interrupted run of the seed: done (its key would answer the first report again).
  if (await prisma.usageRecord.findUnique({ where: { licenseId_idempotencyKey: { licenseId: license.id, idempotencyKey } }, select: { id: true } })) return;
  const api = { prisma: storyDeps.prisma, clock: storyDeps.clock, keyring: keyringFor(ctx.deps), issuer: config.licenseIssuer, platformFeePercent: config.platformFeePercent };
  const decision = await reportUsage(api, { key: await renderLicenseKey(ctx.deps, license), metric: 'api_calls', quantity, idempotencyKey });
  if (decision.body.usage?.accepted) ctx.counts.usageReports.accepted += 1;
  else ctx.counts.usageReports.refused += 1;
}

/** mulberry32, as ./money.ts. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

