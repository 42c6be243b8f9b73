/**
 * A year of marketplace money made through the real path, never by writing rows: buyers start
 * purchases with `POST /v1/purchases` on the running server, the Stripe emulator charges them
 * and sends signed webhooks, the inbox posts the ledger. Refunds go through the refunds service
 * as the demo finance user; disputes, their outcomes and creators' payouts are what the card
 * networks and Stripe's payout schedule would do, through the emulator's controls and the SDK.
 *
 * History is backdated by shifting the emulator's clock to each action's moment (Stripe
 * objects' `created`, and so the ledger's `occurredAt`, follow it); the clock is put back to
 * real time at the end, whatever happens. Only with the emulator: with a real Stripe key the
 * phase is skipped, it would charge real cards.
 *
 * Deterministic for a seed number, and safe to run again: purchases carry Idempotency-Keys
 * derived from the seed and their index, refunds and payouts deterministic idempotency keys,
 * and a charge that already has a dispute gets no second one. An interrupted run resumes after
 * the last purchase it made (a large seed takes hours).
 */
import type Stripe from 'stripe';
import type { PrismaClient } from '../../apps/api/src/generated/prisma/client.ts';
import { drainStripeEvents } from '../../apps/api/src/modules/payments/index.ts';
import { ensureConnectedAccount, purchaseIdFor } from '../../apps/api/src/modules/payments/index.ts';
import { createRefund } from '../../apps/api/src/modules/payments/index.ts';
import { cancelSubscriptionAtPeriodEnd, renewDueSubscriptions } from '../../apps/api/src/modules/subscriptions/index.ts';
import type { StripeAccess } from '../../apps/api/src/platform/stripe/client.ts';
import { fixedClock, type AppDeps } from '../../apps/api/src/platform/deps.ts';
import { countPricingOutcomes, emptyPricingCounts, planPricingActions, runPricingAction, type PlanPlugin, type PricingAction, type PricingSeedCounts } from './pricing-year.ts';
import { SILENT_PROGRESS, type Progress } from './progress.ts';

const DAY_SECONDS = 24 * 60 * 60;
/** Buyer addresses the seed makes (the seed's own data is recognisable by this domain). */
export const SEED_BUYER_DOMAIN = 'buyers.marketdesk.test';

export interface MoneySeedOptions {
  /** Purchases to start over the 12 months (default 1,200). */
  purchases?: number;
  /** Shares of purchases declined, refunded and disputed (2 %, 4 %, 0.6 %), of subscriptions lapsing and canceled (15 %, 10 %). */
  rates?: Partial<MoneySeedRates>;
  /** Seed number: the same number makes the same history (default 1). */
  seed?: number;
  /** End of the year of history (default now). */
  now?: Date;
  progress?: Progress;
  /** Worker processes drain the webhook inbox; the seed only waits for them (bench builds). */
  isInboxDrainedElsewhere?: boolean;
}

export interface MoneySeedRates {
  declined: number;
  refunded: number;
  disputed: number;
  /** Of subscriptions: the card starts failing some months in (renewals retry, then the subscription lapses). */
  lapsing: number;
  /** Of subscriptions: canceled at period end by support some months in. */
  canceling: number;
}

const DEFAULT_RATES: MoneySeedRates = { declined: 0.02, refunded: 0.04, disputed: 0.006, lapsing: 0.15, canceling: 0.1 };

export interface MoneySeedSummary {
  purchases: { started: number; succeeded: number; failed: number };
  refunds: number;
  disputes: number;
  payouts: number;
  /** Subscription renewals charged, and subscriptions ended by failed renewals or cancellation. */
  subscriptions: { renewals: number; lapsed: number; canceled: number };
  /** The pricing models (./pricing-year.ts): free installs, trials, tier changes, usage, overage, credit packs. */
  pricing: PricingSeedCounts;
  durationMs: number;
  /** Why the phase did nothing, when it did nothing. */
  skipped?: string;
}

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
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

type Action =
  | PricingAction
  /** `tier`: the paid tier bought, for a plugin sold in tiers. */
  | { at: number; kind: 'purchase'; index: number; pluginId: string; buyerEmail: string; paymentMethod: string; tier?: 'pro' | 'enterprise' }
  | { at: number; kind: 'renewals' }
  | { at: number; kind: 'lapse'; index: number }
  | { at: number; kind: 'cancel'; index: number }
  | { at: number; kind: 'refund'; index: number; fraction: number; reason: 'REQUESTED_BY_CUSTOMER' | 'DUPLICATE' | 'FRAUDULENT' }
  | { at: number; kind: 'dispute'; index: number; reason: string }
  | { at: number; kind: 'resolve'; index: number; outcome: 'won' | 'lost' }
  | { at: number; kind: 'payouts'; month: string }
  | { at: number; kind: 'settle-payouts'; month: string; failEvery: number };

/**
 * The plan: purchase moments over the 12 months before `now` (more in recent months, as a
 * marketplace grows), each of a published paid plugin picked in proportion to its real monthly
 * downloads; a share declined; a share refunded 1–14 days later (70 % in full), a share
 * disputed 10–40 days later and decided 20 days after that (60 % won) when that is before `now`; payouts of
 * every creator's balance on the 1st of each month, paid two days later (1 in 30 fails). A plugin
 * sold in tiers is bought at its pro tier (70 %) or enterprise tier, drawn from a stream of its
 * own so that the rest of the plan is the same as for untiered plugins. Then the pricing models'
 * actions (./pricing-year.ts planPricingActions) of free installs among `freeTargets`.
 */
function planActions(plugins: PlanPlugin[], count: number, rates: MoneySeedRates, seed: number, now: number, freeTargets: { id: string; tier?: 'free' }[] = []): Action[] {
  const random = randomSource(seed);
  const tierRandom = randomSource(seed * 104_729 + 0x7135);
  const cumulative: number[] = [];
  let total = 0;
  for (const plugin of plugins) cumulative.push((total += Number(plugin.monthlyDownloads) + 1));
  const pickPlugin = () => {
    const target = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return plugins[lo]!;
  };
  const start = now - 365 * DAY_SECONDS;
  const buyers = Math.max(1, Math.round(count * 0.7)); // some buyers come back for more
  const actions: Action[] = [];
  for (let index = 0; index < count; index += 1) {
    // Density grows linearly over the year: inverse CDF of f(x) ∝ 1 + 2x on [0, 1].
    const x = (Math.sqrt(1 + 8 * random()) - 1) / 2;
    const at = Math.floor(start + x * 365 * DAY_SECONDS);
    const declined = random() < rates.declined;
    const plugin = pickPlugin();
    const tier = plugin.tiers.some((t) => t.priceAmount > 0) ? (tierRandom() < 0.7 ? 'pro' as const : 'enterprise' as const) : undefined;
    actions.push({ at, kind: 'purchase', index, pluginId: plugin.id, buyerEmail: `buyer${1 + Math.floor(random() * buyers)}@${SEED_BUYER_DOMAIN}`, paymentMethod: declined ? 'pm_card_chargeDeclined' : random() < 0.5 ? 'pm_card_visa' : 'pm_card_mastercard', ...(tier ? { tier } : {}) });
    if (declined) continue;
    if (plugin.pricingModel === 'SUBSCRIPTION') {
      // Some subscribers' cards start failing (renewals retry, then lapse); some cancel.
      const ending = random();
      const endAt = at + Math.floor((30 + random() * 240) * DAY_SECONDS);
      if (ending < rates.lapsing && endAt < now) actions.push({ at: endAt, kind: 'lapse', index });
      else if (ending < rates.lapsing + rates.canceling && endAt < now) actions.push({ at: endAt, kind: 'cancel', index });
    }
    const fate = random();
    if (fate < rates.refunded) {
      const refundAt = at + Math.floor((1 + random() * 13) * DAY_SECONDS);
      const reason = random() < 0.8 ? 'REQUESTED_BY_CUSTOMER' as const : random() < 0.5 ? 'DUPLICATE' as const : 'FRAUDULENT' as const;
      if (refundAt < now) actions.push({ at: refundAt, kind: 'refund', index, fraction: random() < 0.7 ? 1 : 0.5, reason });
    } else if (fate < rates.refunded + rates.disputed) {
      const disputeAt = at + Math.floor((10 + random() * 30) * DAY_SECONDS);
      const decideAt = disputeAt + 20 * DAY_SECONDS;
      if (disputeAt < now) actions.push({ at: disputeAt, kind: 'dispute', index, reason: random() < 0.6 ? 'fraudulent' : 'product_not_received' });
      if (decideAt < now) actions.push({ at: decideAt, kind: 'resolve', index, outcome: random() < 0.6 ? 'won' : 'lost' });
    }
  }
  // The renewal job, once a story day (and at the end), on the story's clock.
  for (let day = start + DAY_SECONDS; day < now; day += DAY_SECONDS) actions.push({ at: day, kind: 'renewals' });
  actions.push({ at: now, kind: 'renewals' });
  const first = new Date(start * 1000);
  for (let m = 1; m <= 12; m += 1) {
    const monthStart = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + m, 1, 6) / 1000;
    if (monthStart >= now) break;
    const month = new Date(monthStart * 1000).toISOString().slice(0, 7);
    actions.push({ at: monthStart, kind: 'payouts', month });
    if (monthStart + 2 * DAY_SECONDS < now) actions.push({ at: monthStart + 2 * DAY_SECONDS, kind: 'settle-payouts', month, failEvery: 30 });
  }
  const purchases = actions.flatMap((a) => (a.kind === 'purchase' ? [{ at: a.at, index: a.index, pluginId: a.pluginId, tier: a.tier, declined: a.paymentMethod === 'pm_card_chargeDeclined' }] : []));
  actions.push(...planPricingActions({ plugins, freeTargets, purchases, count, seed, start, now, buyers, buyerDomain: SEED_BUYER_DOMAIN }));
  return actions.sort((a, b) => a.at - b.at || a.kind.localeCompare(b.kind));
}

/** Purchases started at once when consecutive in the story and within this many seconds. */
const PURCHASE_BATCH_SECONDS = 3600;
const PURCHASE_CONCURRENCY = 8;
/** Sellers onboarded at once before the story starts. */
const ONBOARDING_CONCURRENCY = 4;

/**
 * Makes the year of money on the server at `baseUrl` (which must be listening, with the
 * emulator's webhooks pointed at it). Purchases that follow each other within an hour of the
 * story start together (up to 8, stamped with the first one's moment), so large seeds keep the
 * server busy. Waits until the webhook inbox has processed everything.
 * @throws Error when the server refuses a purchase for another reason than a declined card,
 *   or when Stripe or the database fails.
 */
export async function seedMoney(deps: Pick<AppDeps, 'prisma' | 'stripe' | 'config' | 'clock'>, baseUrl: string, options: MoneySeedOptions = {}): Promise<MoneySeedSummary> {
  const startedAt = performance.now();
  const summary: MoneySeedSummary = { purchases: { started: 0, succeeded: 0, failed: 0 }, refunds: 0, disputes: 0, payouts: 0, subscriptions: { renewals: 0, lapsed: 0, canceled: 0 }, pricing: emptyPricingCounts(), durationMs: 0 };
  const done = (skipped?: string) => ({ ...summary, durationMs: Math.round(performance.now() - startedAt), ...(skipped ? { skipped } : {}) });
  const access = deps.stripe;
  if (!access?.emulator) return done('Stripe is not the built-in emulator (a real key would charge real cards; history cannot be backdated)');
  const { prisma } = deps;
  const finance = await prisma.user.findFirst({ where: { roles: { has: 'FINANCE' }, disabledAt: null }, orderBy: { createdAt: 'asc' }, select: { id: true, email: true } });
  if (!finance) return done('no finance user to issue refunds as');
  const plugins = await prisma.plugin.findMany({ where: { status: 'PUBLISHED', priceAmount: { gt: 0 } }, select: { id: true, monthlyDownloads: true, pricingModel: true, tiers: { select: { key: true, priceAmount: true, trialDays: true }, orderBy: { sortOrder: 'asc' } } }, orderBy: { name: 'asc' } });
  if (plugins.length === 0) return done('no published paid plugins');

  const seed = options.seed ?? 1;
  const planned = options.purchases ?? 1_200;
  if (await hasSeededPurchases(prisma, seed, planned)) return done('the seeded purchases are already there');
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const freePlugins = await prisma.plugin.findMany({ where: { status: 'PUBLISHED', OR: [{ pricingModel: 'FREE' }, { tiers: { some: { key: 'free', priceAmount: 0 } } }] }, select: { id: true, pricingModel: true }, orderBy: { name: 'asc' } });
  const freeTargets = freePlugins.map((p) => (p.pricingModel === 'FREE' ? { id: p.id } : { id: p.id, tier: 'free' as const }));
  const actions = planActions(plugins, planned, { ...DEFAULT_RATES, ...options.rates }, seed, now, freeTargets);
  const emulator = access.emulator;
  const actor = { userId: finance.id, email: finance.email, requestId: `seed-${seed}`, ip: null };
  const support = await prisma.user.findFirst({ where: { roles: { has: 'SUPPORT' }, disabledAt: null }, orderBy: { createdAt: 'asc' }, select: { id: true, email: true } });
  const purchaseIds = new Map<number, string>();
  const settle = () => settleInbox({ prisma, stripe: access, clock: deps.clock }, !options.isInboxDrainedElsewhere);
  const pricing = { deps, access, baseUrl, seed, finance: { userId: finance.id, email: finance.email }, support: support ? { userId: support.id, email: support.email } : null, purchaseIdOf: (index: number) => purchaseIds.get(index) ?? purchaseIdFor(purchaseKey(seed, index)), settle, counts: summary.pricing };
  const resumeAt = await findResumePoint(prisma, actions, seed, purchaseIds);
  try {
    // Sellers onboard at Stripe (the hosted form, done here through the emulator's control) the
    // day before the story starts: a restricted connected account cannot receive transfers.
    emulator.control.setClock({ now: (actions[0]?.at ?? now) - DAY_SECONDS });
    await onboardSellers(deps, emulator, options.progress ?? SILENT_PROGRESS);
  } finally {
    emulator.control.setClock({ isReset: true });
  }
  const progress = (options.progress ?? SILENT_PROGRESS).phase(resumeAt > 0 ? `purchases, refunds, disputes, payouts (resuming after ${resumeAt.toLocaleString('en-US')} actions an earlier run made)` : 'purchases, refunds, disputes, payouts', actions.length, resumeAt);
  try {
    for (let step = resumeAt; step < actions.length;) {
      const action = actions[step]!;
      emulator.control.setClock({ now: action.at });
      if (action.kind === 'purchase') {
        const batch: (typeof action)[] = [action];
        for (let next = actions[step + 1]; batch.length < PURCHASE_CONCURRENCY && next?.kind === 'purchase' && next.at - action.at < PURCHASE_BATCH_SECONDS; next = actions[step + batch.length]) batch.push(next);
        const ids = await Promise.all(batch.map((p) => startPurchase(baseUrl, seed, p)));
        batch.forEach((p, i) => purchaseIds.set(p.index, ids[i]!));
        summary.purchases.started += batch.length;
        step += batch.length;
        progress.tick(batch.length);
        continue;
      }
      if (action.kind === 'refund' || action.kind === 'dispute' || action.kind === 'resolve') {
        const find = () => prisma.purchase.findUnique({ where: { id: purchaseIds.get(action.index) ?? '' }, select: { id: true, status: true, amount: true, currency: true, chargeId: true, disputes: { select: { stripeDisputeId: true, status: true } } } });
        let purchase = await find();
        // Days have passed in the story, but maybe not yet for the webhook inbox.
        if (!purchase?.chargeId || action.kind === 'resolve') {
          await settle();
          purchase = await find();
        }
        if (purchase?.chargeId && purchase.status !== 'FAILED') {
          if (action.kind === 'refund') {
            const amount = Math.max(1, Math.round(purchase.amount * action.fraction));
            await createRefund(deps, { actor, purchaseId: purchase.id, amount, currency: purchase.currency, reason: action.reason, note: 'Seeded refund', revokeLicense: false, requestKey: `seed:${seed}:refund:${action.index}` });
            summary.refunds += 1;
          } else if (action.kind === 'dispute') {
            if (purchase.disputes.length === 0) {
              await emulator.control.openDispute(purchase.chargeId, { reason: action.reason });
              summary.disputes += 1;
            }
          } else {
            const open = purchase.disputes.find((d) => d.status === 'NEEDS_RESPONSE' || d.status === 'UNDER_REVIEW');
            if (open) await emulator.control.resolveDispute(open.stripeDisputeId, action.outcome);
          }
        }
      } else if (isPricingAction(action)) {
        await runPricingAction(pricing, action);
      } else if (action.kind === 'renewals') {
        summary.subscriptions.renewals += (await renewDueSubscriptions(deps, { at: new Date(action.at * 1000) })).charged;
      } else if (action.kind === 'lapse' || action.kind === 'cancel') {
        const find = () => prisma.purchase.findUnique({ where: { id: purchaseIds.get(action.index) ?? '' }, select: { stripeCustomerId: true, subscription: { select: { id: true, status: true, cancelAtPeriodEnd: true } } } });
        let purchase = await find();
        // The subscription starts from the purchase's webhook: wait for the inbox rather than skip it.
        if (purchase && !purchase.subscription) {
          await settle();
          purchase = await find();
        }
        const subscription = purchase?.subscription;
        if (purchase && subscription?.status === 'ACTIVE' && !subscription.cancelAtPeriodEnd) {
          if (action.kind === 'lapse' && purchase.stripeCustomerId) {
            await emulator.control.declineCustomerCharges(purchase.stripeCustomerId);
            summary.subscriptions.lapsed += 1;
          } else if (action.kind === 'cancel' && support) {
            // Canceled at the story's moment: the service reads the time from the clock it is given.
            const storyClock = fixedClock(new Date(action.at * 1000));
            await cancelSubscriptionAtPeriodEnd({ prisma, clock: storyClock }, { actor: { userId: support.id, email: support.email, requestId: `seed-${seed}`, ip: null }, subscriptionId: subscription.id, reason: 'The customer asked to cancel' });
            summary.subscriptions.canceled += 1;
          }
        }
      } else if (action.kind === 'payouts') {
        await settle();
        summary.payouts += await payOutBalances(access.stripe, prisma, `seed:${seed}:payout:${action.month}`);
      } else {
        await settle();
        // In creator order (payout ids are random), so that the same payouts fail in every run.
        const pending = await prisma.payout.findMany({ where: { status: 'PENDING' }, select: { stripePayoutId: true }, orderBy: [{ creator: { slug: 'asc' } }, { currency: 'asc' }, { amount: 'asc' }] });
        for (const [i, payout] of pending.entries()) {
          await emulator.control.settlePayout(payout.stripePayoutId, (i + 1) % action.failEvery === 0 ? 'failed' : 'paid', 'account_closed');
        }
      }
      step += 1;
      progress.tick();
    }
  } finally {
    emulator.control.setClock({ isReset: true });
  }
  await settle();
  const seeded = { buyerEmail: { endsWith: `@${SEED_BUYER_DOMAIN}` } };
  summary.purchases.succeeded = await prisma.purchase.count({ where: { ...seeded, status: { not: 'FAILED' }, chargeId: { not: null } } });
  summary.purchases.failed = await prisma.purchase.count({ where: { ...seeded, status: 'FAILED' } });
  summary.pricing = await countPricingOutcomes(prisma, SEED_BUYER_DOMAIN, summary.pricing);
  progress.done(`${summary.purchases.succeeded.toLocaleString('en-US')} paid, ${summary.refunds} refunds, ${summary.disputes} disputes, ${summary.payouts} payouts, ${summary.subscriptions.renewals} subscription renewals (${summary.subscriptions.lapsed} cards failing, ${summary.subscriptions.canceled} canceled)`);
  (options.progress ?? SILENT_PROGRESS).phase('pricing models', 0).done(formatPricingCounts(summary.pricing));
  return done();
}

/**
 * Where an interrupted run of the same plan left off: the step after the last purchase that
 * exists while every purchase before it in the plan does too (fills `purchaseIds` for them).
 * Actions before that step were done in order before the run stopped; those after it run
 * again, and each is idempotent (keys, or a look at what exists). Returns 0 on a fresh database.
 */
async function findResumePoint(prisma: PrismaClient, actions: Action[], seed: number, purchaseIds: Map<number, string>): Promise<number> {
  const planned = actions.flatMap((action) => (action.kind === 'purchase' ? [purchaseIdFor(purchaseKey(seed, action.index))] : []));
  const made = new Set<string>();
  for (let from = 0; from < planned.length; from += 10_000) {
    const rows = await prisma.purchase.findMany({ where: { id: { in: planned.slice(from, from + 10_000) } }, select: { id: true } });
    for (const row of rows) made.add(row.id);
  }
  let resumeAt = 0;
  for (const [step, action] of actions.entries()) {
    if (action.kind !== 'purchase') continue;
    const id = purchaseIdFor(purchaseKey(seed, action.index));
    if (!made.has(id)) break;
    purchaseIds.set(action.index, id);
    resumeAt = step + 1;
  }
  return resumeAt;
}

const PRICING_KINDS: ReadonlySet<string> = new Set<PricingAction['kind']>(['free-install', 'trial', 'trial-lapse', 'change-tier', 'usage', 'credit-pack', 'credit-use', 'credit-refund']);
const isPricingAction = (action: Action): action is PricingAction => PRICING_KINDS.has(action.kind);

/** The pricing models' counts as one line: free installs, trials, tier changes, usage reports, overage charges, credit packs. */
export function formatPricingCounts(p: PricingSeedCounts): string {
  return `${p.freeInstalls} free installs, ${p.trials.started} trials (${p.trials.converted} converted, ${p.trials.lapsed} lapsing), ${p.tierChanges.upgrades} upgrades and ${p.tierChanges.downgrades} downgrades, ${p.usageReports.accepted} usage reports accepted (${p.usageReports.refused} refused), ${p.overageCharges} overage charges, ${p.creditPacks.bought} credit packs bought (${p.creditPacks.refunded} refunded unused)`;
}

/** The Idempotency-Key of the seed's purchase `index`. */
const purchaseKey = (seed: number, index: number) => `seed:${seed}:purchase:${index}`;

/**
 * Whether seed number `seed` made all `planned` purchases: the last one planned exists. (A count
 * of seeded purchases would not tell: subscription renewals are purchases of the same buyers.)
 */
export async function hasSeededPurchases(prisma: PrismaClient, seed: number, planned: number): Promise<boolean> {
  return (await prisma.purchase.findUnique({ where: { id: purchaseIdFor(purchaseKey(seed, planned - 1)) }, select: { id: true } })) !== null;
}

/**
 * Makes and onboards the connected account of every creator with a published paid plugin (one
 * already onboarded is left as it is), so that buyers can pay them; a phase of `progress`.
 */
async function onboardSellers(deps: Pick<AppDeps, 'prisma' | 'stripe'>, emulator: NonNullable<StripeAccess['emulator']>, progress: Progress): Promise<void> {
  const sellers = await deps.prisma.plugin.findMany({ where: { status: 'PUBLISHED', priceAmount: { gt: 0 } }, select: { creatorId: true }, distinct: ['creatorId'], orderBy: { creatorId: 'asc' } });
  const phase = progress.phase('sellers onboarding at Stripe', sellers.length);
  let next = 0;
  // A few creators at a time: each is its own connected account, made once (ensureConnectedAccount).
  await Promise.all(Array.from({ length: ONBOARDING_CONCURRENCY }, async () => {
    for (let i = next++; i < sellers.length; i = next++) {
      await emulator.control.completeOnboarding(await ensureConnectedAccount(deps, { creatorId: sellers[i]!.creatorId }));
      phase.tick();
    }
  }));
  phase.done();
}

/** POST /v1/purchases with an Idempotency-Key of the seed and the purchase's index. */
async function startPurchase(baseUrl: string, seed: number, action: Extract<Action, { kind: 'purchase' }>): Promise<string> {
  const response = await fetch(`${baseUrl}/v1/purchases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': purchaseKey(seed, action.index) },
    body: JSON.stringify({ pluginId: action.pluginId, buyerEmail: action.buyerEmail, paymentMethod: action.paymentMethod, ...(action.tier ? { tier: action.tier } : {}) }),
  });
  const body = (await response.json()) as { purchaseId?: string; error?: { message?: string } };
  if (response.status !== 201 || !body.purchaseId) throw new Error(`POST /v1/purchases answered ${response.status}: ${JSON.stringify(body)}`);
  return body.purchaseId;
}

/**
 * Waits until the emulator delivered every webhook and the inbox processed every due event —
 * draining it here when `isDraining`, and waiting for other worker processes' claims (up to 10 minutes).
 * @throws Error when due events are still open after that.
 */
async function settleInbox(deps: Pick<AppDeps, 'prisma' | 'clock'> & { stripe: StripeAccess }, isDraining: boolean): Promise<void> {
  const { prisma, stripe: access } = deps;
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    await access.emulator!.waitForDeliveries();
    const processed = isDraining ? await drainStripeEvents(deps, { workerId: 'seed' }) : 0;
    if (processed > 0) continue;
    const open = await prisma.stripeEvent.count({ where: { status: { in: ['PENDING', 'PROCESSING'] }, nextAttemptAt: { lte: new Date() } } });
    if (open === 0) return;
    if (Date.now() > deadline) throw new Error(`${open} Stripe event(s) still unprocessed after 10 minutes (is a worker stuck?)`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Pays out the whole available balance, per currency, of each connected account that the ledger
 * says holds money (Σ CREATOR_PAYABLE > 0; the inbox must be settled); returns the count. The
 * amount is Stripe's own available balance. A payout whose key an earlier, interrupted run
 * already used (for another amount) is left as it is.
 */
async function payOutBalances(stripe: Stripe, prisma: PrismaClient, keyPrefix: string): Promise<number> {
  const holders = await prisma.$queryRaw<{ stripeAccountId: string }[]>`
    SELECT c."stripeAccountId"
      FROM "LedgerEntry" e JOIN "CreatorAccount" c ON c.id = e."creatorId"
     WHERE e."accountType" = 'CREATOR_PAYABLE' AND c."stripeAccountId" IS NOT NULL
     GROUP BY c."stripeAccountId", e.currency
    HAVING SUM(e.amount) > 0
     ORDER BY 1`;
  let count = 0;
  for (const stripeAccountId of new Set(holders.map((h) => h.stripeAccountId))) {
    const balance = await stripe.balance.retrieve({}, { stripeAccount: stripeAccountId });
    for (const { amount, currency } of balance.available) {
      if (amount <= 0) continue;
      try {
        await stripe.payouts.create({ amount, currency }, { stripeAccount: stripeAccountId, idempotencyKey: `${keyPrefix}:${stripeAccountId}:${currency}` });
        count += 1;
      } catch (error) {
        if ((error as { type?: string }).type !== 'StripeIdempotencyError') throw error;
      }
    }
  }
  return count;
}
