/**
 * Ratings and reviews in the seeded year (issue 16), after the money year (./money.ts) and through
 * the code paths buyers, moderators and creators use, each on the story's clock:
 * - reviews: the review API's `writeReview` (what `POST /v1/reviews` runs) with the buyer's license
 *   key, so only verified buyers review and the automatic checks run on every text; a share of the
 *   buyers review days to weeks after buying, some re-rate later (a new revision);
 * - planted for the moderation queue: leaked keys (a GitHub token, an AWS key id), an email and a
 *   phone number, the same spam text with a link on three plugins, offensive language, and a burst
 *   of new buyers installing one free plugin and rating it within an hour;
 * - reports (`reportReview`, what `POST /v1/reviews/report` and `reviewReports.report` run) by
 *   other buyers of the plugin with their license, else by the creator or the demo support user;
 * - moderators' decisions (`decideReview`, as the demo moderator) on some of them, the rest left
 *   in the queue; creators' replies (`replyToReview`, as the demo creator).
 * Planned from its own random stream (the money year's plan is the same with or without it), and
 * idempotent: every action first looks at what exists (a review's revision, a decision, a reply,
 * a license), so a rerun after an interruption adds only what is missing, in the same order.
 */
import { createHash } from 'node:crypto';
import { AppError, findLinks, findPersonalData, MIN_REPEATED_TEXT_LENGTH, normaliseReviewText } from '@marketdesk/shared';
import type { PrismaClient } from '../../apps/api/src/generated/prisma/client.ts';
import { keyringFor, renderLicenseKey } from '../../apps/api/src/modules/licenses/index.ts';
import { createPurchaseOrFreeLicense } from '../../apps/api/src/modules/payments/index.ts';
import type { Actor } from '../../apps/api/src/modules/audit/index.ts';
import { decideReview, replyToReview, reportReview, writeReview, type Reporter } from '../../apps/api/src/modules/reviews/index.ts';
import { fixedClock, type AppDeps } from '../../apps/api/src/platform/deps.ts';
import { SEED_BUYER_DOMAIN } from './money.ts';
import { SILENT_PROGRESS, type Progress } from './progress.ts';
import { composeReviewText, composeUpdateText, pickLanguage, plantedText, type PlantedKind } from './review-texts.ts';

const DAY_SECONDS = 24 * 60 * 60;
const seededReviews = { buyerEmail: { endsWith: `@${SEED_BUYER_DOMAIN}` } };

export interface ReviewSeedOptions {
  /** Share of buyer–plugin pairs that write a review (default 0.12). */
  share?: number;
  seed?: number;
  /** End of the story (default now). */
  now?: Date;
  progress?: Progress;
}

/** Seeded reviews in the database after the phase (totals, so a rerun reports the same). */
export interface ReviewSeedSummary {
  /** Reviews by seeded buyers. */
  written: number;
  /** Of them, edited at least once (revision > 1). */
  edited: number;
  /** HELD now (a secret or personal data, not decided yet). */
  held: number;
  /** In the moderation queue now. */
  queued: number;
  replied: number;
  /** Moderators' decisions. */
  decided: number;
  reported: number;
  /** Writes the review API refused in this run (a license it does not accept). */
  refused: number;
  durationMs: number;
  skipped?: string;
}

/** A buyer's first license of a plugin, as the planner reads it (times in seconds). */
export interface ReviewerPair {
  pluginId: string;
  pluginName: string;
  buyerEmail: string;
  /** When the buyer got the license (the purchase's payment). */
  boughtAt: number;
  /** The plugin's versions, oldest first. */
  versions: string[];
  /** The plugin's creator has a console user (can reply). */
  isCreatorReplying: boolean;
}

export type ReviewAction =
  | { at: number; kind: 'write'; pluginId: string; buyerEmail: string; revision: number; rating: number; body: string; pluginVersion?: string; planted?: PlantedKind | 'burst' }
  | { at: number; kind: 'install'; pluginId: string; buyerEmail: string }
  | { at: number; kind: 'decide'; pluginId: string; buyerEmail: string; action: 'KEEP' | 'HIDE' | 'DELETE'; reasonCode: string }
  /** `reporterEmail`: another buyer of the plugin, by their license; null: the plugin's creator, or else the demo support user. */
  | { at: number; kind: 'report'; pluginId: string; buyerEmail: string; reason: 'SPAM' | 'LANGUAGE' | 'BUG_REPORT' | 'NOT_ABOUT_PLUGIN'; note: string; reporterEmail: string | null }
  | { at: number; kind: 'reply'; pluginId: string; buyerEmail: string; body: string };

/** Star weights (1★…5★) of a plugin buyers like, and of one they do not: J-shaped, as store ratings are. */
const LIKED = [0.07, 0.03, 0.06, 0.22, 0.62];
const DISLIKED = [0.36, 0.2, 0.16, 0.14, 0.14];
/** Plugins with a quality draw below this get the disliked distribution. */
const POOR_SHARE = 0.12;

/** Where each planted kind goes: a rating, and the moderator's decision a few days later (none: left in the queue). */
const PLANTED: { kind: PlantedKind; rating: number; decision?: { action: 'KEEP' | 'HIDE' | 'DELETE'; reasonCode: string }; report?: { reason: 'SPAM' | 'LANGUAGE'; note: string } }[] = [
  { kind: 'github-token', rating: 4 },
  { kind: 'aws-key', rating: 5, decision: { action: 'HIDE', reasonCode: 'LEAKED_SECRET' } },
  { kind: 'email', rating: 4 },
  { kind: 'phone', rating: 3, decision: { action: 'HIDE', reasonCode: 'PERSONAL_DATA' } },
  { kind: 'offensive', rating: 1, decision: { action: 'DELETE', reasonCode: 'OFFENSIVE_LANGUAGE' }, report: { reason: 'LANGUAGE', note: 'Insults the author.' } },
  { kind: 'spam-link', rating: 5, decision: { action: 'DELETE', reasonCode: 'SPAM' }, report: { reason: 'SPAM', note: '' } },
  { kind: 'spam-link', rating: 5, report: { reason: 'SPAM', note: 'Same ad on other plugins.' } },
  { kind: 'spam-link', rating: 5 },
];
/** Share of ordinary reviews another buyer (or the creator) reports; half of those a moderator keeps. */
const REPORTED_SHARE = 0.05;
const BURST_BUYERS = 6;
const BURST_TEXTS = ['Amazing!!! Best plugin ever', 'Best plugin, must have!!', 'Five stars, amazing plugin!!!', 'Must have, best ever!!', 'Amazing, just amazing!!!', 'Best plugin on the marketplace!!!'];
/** Burst buyers' emails start with this (they are new buyers of the seed's own making). */
export const BURST_BUYER_PREFIX = 'review-burst-';

/**
 * The review actions of the year, from their own random stream: `share` of `pairs` review 2–45
 * days after buying (rating drawn from the plugin's J-shaped distribution — a few plugins, drawn
 * by name, clearly worse), 15 % of those re-rate 20–120 days later (the plugin's newest version);
 * the planted reviews on pairs that do not review otherwise (spam on three different plugins);
 * a burst of six new buyers installing `burstPluginId` (a free plugin) 20 days before `now` and
 * rating it within the hour; decisions 1–3 days after the planted reviews they decide; reports of
 * the offensive and two spam reviews and of 5 % of the others (half of those kept by a moderator
 * two days later); replies 1–6 days after 40 % of the reviews (80 % of those with 3 stars or
 * fewer) of plugins whose creator can reply, who also get three times the share of reviews.
 */
export function planReviewActions(input: { pairs: ReviewerPair[]; burstPluginId: string | null; share: number; seed: number; now: number }): ReviewAction[] {
  const random = randomSource(input.seed * 31_337 + 0xa11ce);
  const { now } = input;
  const actions: ReviewAction[] = [];
  const pairs = [...input.pairs].sort((a, b) => compare(a.pluginName, b.pluginName) || compare(a.buyerEmail, b.buyerEmail));
  const spare: ReviewerPair[] = [];
  const buyersOf = new Map<string, string[]>();
  for (const pair of pairs) buyersOf.set(pair.pluginId, [...(buyersOf.get(pair.pluginId) ?? []), pair.buyerEmail]);
  /** Another buyer of `pair`'s plugin, drawn from the stream (null when there is none). */
  const otherBuyerOf = (pair: ReviewerPair) => {
    const others = buyersOf.get(pair.pluginId)!.filter((email) => email !== pair.buyerEmail);
    return others.length > 0 ? others[Math.floor(random() * others.length)]! : null;
  };
  // Natural texts are distinct (the repeated-text check flags a copy) and free of links and contact details.
  const seen = new Set<string>();
  const distinct = (make: () => string) => {
    for (let attempt = 0; ; attempt += 1) {
      const text = make();
      const normalised = normaliseReviewText(text);
      const isClean = findLinks(text).length === 0 && findPersonalData(text).length === 0;
      if (isClean && (normalised.length < MIN_REPEATED_TEXT_LENGTH || !seen.has(normalised))) {
        seen.add(normalised);
        return text;
      }
      if (attempt >= 50) return '';
    }
  };
  // Every draw is made whatever `now` is, so a later run (a later `now`) plans the same story and only adds its newer part.
  for (const pair of pairs) {
    // The demo creator's plugins get more reviews: the creator's Reviews page and replies have something to show.
    const isReviewing = random() < (pair.isCreatorReplying ? Math.min(0.6, input.share * 3) : input.share);
    const at = pair.boughtAt + Math.floor((2 + 43 * random() ** 2) * DAY_SECONDS);
    if (!isReviewing) {
      spare.push(pair);
      continue;
    }
    const weights = unitHash(`${input.seed}:quality:${pair.pluginName}`) < POOR_SHARE ? DISLIKED : LIKED;
    const rating = drawRating(random, weights);
    const language = pickLanguage(random);
    const body = distinct(() => composeReviewText(random, rating, language));
    const ref = { pluginId: pair.pluginId, buyerEmail: pair.buyerEmail };
    const isWritten = at < now - DAY_SECONDS;
    if (isWritten) actions.push({ at, kind: 'write', ...ref, revision: 1, rating, body, ...(pair.versions[0] ? { pluginVersion: pair.versions[0] } : {}) });
    if (random() < 0.15) {
      const editAt = at + Math.floor((20 + random() * 100) * DAY_SECONDS);
      const newRating = Math.min(5, Math.max(1, rating <= 3 ? rating + 1 + Math.floor(random() * 2) : random() < 0.3 ? rating - 1 : rating));
      const version = pair.versions.at(-1);
      const editBody = distinct(() => composeUpdateText(random, newRating, rating, version ?? 'the update'));
      if (isWritten && editAt < now) actions.push({ at: editAt, kind: 'write', ...ref, revision: 2, rating: newRating, body: editBody, ...(version ? { pluginVersion: version } : {}) });
    }
    if (random() < REPORTED_SHARE) {
      const reportAt = at + Math.floor((1 + random() * 9) * DAY_SECONDS);
      const reason = rating <= 2 ? 'BUG_REPORT' as const : 'NOT_ABOUT_PLUGIN' as const;
      const reporterEmail = otherBuyerOf(pair);
      const isKept = random() < 0.5;
      if (isWritten && reportAt < now) actions.push({ at: reportAt, kind: 'report', ...ref, reason, note: reason === 'BUG_REPORT' ? 'This is a bug report, not a review.' : '', reporterEmail });
      if (isWritten && isKept && reportAt + 2 * DAY_SECONDS < now) actions.push({ at: reportAt + 2 * DAY_SECONDS, kind: 'decide', ...ref, action: 'KEEP', reasonCode: 'REVIEWED_OK' });
    }
    if (pair.isCreatorReplying && random() < (rating <= 3 ? 0.8 : 0.4)) {
      const replyAt = at + Math.floor((1 + random() * 5) * DAY_SECONDS);
      if (isWritten && replyAt < now) actions.push({ at: replyAt, kind: 'reply', ...ref, body: replyText(rating) });
    }
  }
  // Planted reviews: spare pairs in a shuffled order, spam on plugins not used by an earlier spam.
  const shuffled = spare.map((pair) => ({ pair, key: unitHash(`${input.seed}:plant:${pair.pluginName}:${pair.buyerEmail}`) })).sort((a, b) => a.key - b.key).map((s) => s.pair);
  const used = new Set<ReviewerPair>();
  const spamPlugins = new Set<string>();
  // Not bought in the last week of the money year (a fixed line, unlike `now`): time to write before the story ends.
  const lastBoughtAt = Math.max(...pairs.map((p) => p.boughtAt));
  for (const plant of PLANTED) {
    const pair = shuffled.find((p) => !used.has(p) && p.boughtAt < lastBoughtAt - 7 * DAY_SECONDS && (plant.kind !== 'spam-link' || !spamPlugins.has(p.pluginId)));
    if (!pair) continue;
    used.add(pair);
    if (plant.kind === 'spam-link') spamPlugins.add(pair.pluginId);
    const latest = Math.min(now - 5 * DAY_SECONDS, pair.boughtAt + 30 * DAY_SECONDS);
    const at = Math.floor(pair.boughtAt + DAY_SECONDS + random() * Math.max(DAY_SECONDS, latest - pair.boughtAt - DAY_SECONDS));
    const ref = { pluginId: pair.pluginId, buyerEmail: pair.buyerEmail };
    actions.push({ at, kind: 'write', ...ref, revision: 1, rating: plant.rating, body: plantedText(plant.kind, random), planted: plant.kind, ...(pair.versions.at(-1) ? { pluginVersion: pair.versions.at(-1)! } : {}) });
    if (plant.report) actions.push({ at: at + 6 * 3600, kind: 'report', ...ref, ...plant.report, reporterEmail: otherBuyerOf(pair) });
    if (plant.decision) actions.push({ at: at + Math.floor((1 + random() * 2) * DAY_SECONDS), kind: 'decide', ...ref, ...plant.decision });
  }
  // The burst: new buyers install one free plugin minutes apart and all rate it five stars within the hour.
  if (input.burstPluginId) {
    const start = Math.floor((now - 20 * DAY_SECONDS) / DAY_SECONDS) * DAY_SECONDS + 14 * 3600;
    for (let k = 0; k < BURST_BUYERS; k += 1) {
      const buyerEmail = `${BURST_BUYER_PREFIX}${input.seed}-${k + 1}@${SEED_BUYER_DOMAIN}`;
      actions.push({ at: start + k * 120, kind: 'install', pluginId: input.burstPluginId, buyerEmail });
      actions.push({ at: start + 20 * 60 + k * 6 * 60, kind: 'write', pluginId: input.burstPluginId, buyerEmail, revision: 1, rating: 5, body: BURST_TEXTS[k % BURST_TEXTS.length]!, planted: 'burst' });
    }
  }
  const ORDER = { install: 0, write: 1, report: 2, decide: 3, reply: 4 } as const;
  return actions.sort((a, b) => a.at - b.at || ORDER[a.kind] - ORDER[b.kind] || compare(a.buyerEmail, b.buyerEmail));
}

/**
 * Writes the year's reviews, reports, decisions and replies (see the file's comment) into `deps.prisma`'s
 * database, which the money year has already filled; returns the totals after it.
 * @throws Error on a database error, or when a service refuses for another reason than the story
 *   allows (a review API refusal of a license is counted in `refused`, not thrown).
 */
export async function seedReviews(deps: Pick<AppDeps, 'prisma' | 'stripe' | 'config' | 'clock'>, options: ReviewSeedOptions = {}): Promise<ReviewSeedSummary> {
  const startedAt = performance.now();
  const { prisma } = deps;
  const seed = options.seed ?? 1;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const staff = (role: 'MODERATOR' | 'SUPPORT') => prisma.user.findFirst({ where: { roles: { has: role }, disabledAt: null }, orderBy: { createdAt: 'asc' }, select: { id: true, email: true } });
  const [moderator, support, pairs, burstPluginId] = await Promise.all([
    staff('MODERATOR'),
    staff('SUPPORT'),
    readReviewerPairs(prisma),
    pickBurstPlugin(prisma, seed),
  ]);
  let refused = 0;
  const finish = async (skipped?: string): Promise<ReviewSeedSummary> => ({ ...(await countSeededReviews(prisma)), refused, durationMs: Math.round(performance.now() - startedAt), ...(skipped ? { skipped } : {}) });
  if (pairs.length === 0) return finish('no seeded licenses to review');
  const actions = planReviewActions({ pairs, burstPluginId, share: options.share ?? 0.12, seed, now });
  const reasons = new Map((await prisma.reviewModerationReason.findMany({ select: { id: true, code: true } })).map((r) => [r.code, r.id]));
  const api = { prisma, keyring: keyringFor(deps), issuer: deps.config.licenseIssuer };
  const progress = (options.progress ?? SILENT_PROGRESS).phase('ratings and reviews', actions.length);
  for (const action of actions) {
    const at = new Date(action.at * 1000);
    const storyDeps = { ...deps, clock: fixedClock(at) };
    const review = () => prisma.review.findUnique({ where: { pluginId_buyerEmail: { pluginId: action.pluginId, buyerEmail: action.buyerEmail } }, select: { id: true, revision: true, status: true, version: true, reply: { select: { id: true } }, _count: { select: { moderations: true } } } });
    if (action.kind === 'install') {
      const has = await prisma.license.count({ where: { pluginId: action.pluginId, buyerEmail: action.buyerEmail } });
      if (has === 0) await createPurchaseOrFreeLicense(storyDeps, { pluginId: action.pluginId, buyerEmail: action.buyerEmail });
    } else if (action.kind === 'write') {
      const existing = await review();
      // Written by an earlier, interrupted run: its revisions go in order, never back to an older text.
      if (!existing || existing.revision < action.revision) {
        const license = await prisma.license.findFirst({ where: { pluginId: action.pluginId, buyerEmail: action.buyerEmail }, select: LICENSE_SELECT, orderBy: [{ issuedAt: 'asc' }, { id: 'asc' }] });
        if (license) {
          const key = await renderLicenseKey(deps, license);
          try {
            await writeReview({ ...api, clock: storyDeps.clock }, { key, rating: action.rating, body: action.body, pluginVersion: action.pluginVersion ?? null, now: at });
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            refused += 1;
          }
        }
      }
    } else if (action.kind === 'report') {
      const existing = await review();
      if (existing && existing.status !== 'DELETED') await report(storyDeps, { ...action, reviewId: existing.id, support, requestId: `seed-${seed}` });
    } else if (action.kind === 'decide') {
      const existing = await review();
      const reasonId = reasons.get(action.reasonCode);
      if (moderator && existing && existing._count.moderations === 0 && (reasonId || action.action === 'KEEP')) {
        await decideReview(storyDeps, { reviewId: existing.id, version: existing.version, action: action.action, ...(reasonId ? { reasonId } : {}), message: '', actor: { userId: moderator.id, email: moderator.email, requestId: `seed-${seed}`, ip: null } });
      }
    } else {
      const existing = await review();
      if (existing?.status === 'PUBLISHED' && !existing.reply) {
        const creator = await prisma.plugin.findUnique({ where: { id: action.pluginId }, select: { creator: { select: { id: true, user: { select: { id: true, email: true } } } } } });
        const user = creator?.creator.user;
        if (user) await replyToReview(storyDeps, { reviewId: existing.id, body: action.body, creatorId: creator.creator.id, actor: { userId: user.id, email: user.email, requestId: `seed-${seed}`, ip: null } });
      }
    }
    progress.tick();
  }
  const summary = await finish();
  progress.done(formatReviewCounts(summary));
  return summary;
}

/**
 * Files one planned report through the reports service, as the buyer `reporterEmail` (their first
 * license of the plugin), or the plugin's creator's user, or else the demo support user; the
 * service's CONFLICT for a report this reporter already filed (an earlier run) is not an error.
 */
async function report(deps: Pick<AppDeps, 'prisma' | 'clock'>, input: Extract<ReviewAction, { kind: 'report' }> & { reviewId: string; support: { id: string; email: string } | null; requestId: string }): Promise<void> {
  const { prisma } = deps;
  let reporter: Reporter | null = null;
  let creatorId: string | null = null;
  let actor: Actor | undefined;
  if (input.reporterEmail) {
    const license = await prisma.license.findFirst({ where: { pluginId: input.pluginId, buyerEmail: input.reporterEmail }, select: { id: true, buyerEmail: true }, orderBy: [{ issuedAt: 'asc' }, { id: 'asc' }] });
    if (license) reporter = { kind: 'license', licenseId: license.id, buyerEmail: license.buyerEmail };
  } else {
    const plugin = await prisma.plugin.findUnique({ where: { id: input.pluginId }, select: { creator: { select: { id: true, user: { select: { id: true, email: true } } } } } });
    const user = plugin?.creator.user ?? (input.support ? { id: input.support.id, email: input.support.email } : null);
    if (user) {
      reporter = { kind: 'user', userId: user.id };
      creatorId = plugin?.creator.user ? plugin.creator.id : null;
      actor = { userId: user.id, email: user.email, requestId: input.requestId, ip: null };
    }
  }
  if (!reporter) return;
  try {
    await reportReview(deps, { reviewId: input.reviewId, reason: input.reason, note: input.note, reporter, creatorId, ...(actor ? { actor } : {}) });
  } catch (error) {
    // CONFLICT: this reporter already filed it (an earlier, interrupted run).
    if (!(error instanceof AppError && error.code === 'CONFLICT')) throw error;
  }
}

/** The review counts as one line. */
export function formatReviewCounts(r: Omit<ReviewSeedSummary, 'durationMs'>): string {
  return `${r.written} reviews (${r.edited} edited), ${r.held} held, ${r.queued} in the moderation queue, ${r.reported} reports, ${r.decided} moderator decisions, ${r.replied} creator replies${r.refused > 0 ? `, ${r.refused} refused by the review API` : ''}`;
}

const LICENSE_SELECT = { id: true, keyId: true, pluginId: true, entitlements: true, machineLimit: true, issuedAt: true, expiresAt: true, signingKid: true } as const;

/** Each seeded buyer's first license of each published plugin (burst buyers excluded: the plan makes them). */
async function readReviewerPairs(prisma: PrismaClient): Promise<ReviewerPair[]> {
  const licenses = await prisma.license.findMany({
    where: { buyerEmail: { endsWith: `@${SEED_BUYER_DOMAIN}`, not: { startsWith: BURST_BUYER_PREFIX } }, plugin: { status: 'PUBLISHED' } },
    select: { pluginId: true, buyerEmail: true, issuedAt: true },
    orderBy: [{ issuedAt: 'asc' }, { id: 'asc' }],
  });
  const first = new Map<string, (typeof licenses)[number]>();
  for (const license of licenses) {
    const key = `${license.pluginId}\n${license.buyerEmail}`;
    if (!first.has(key)) first.set(key, license);
  }
  const pluginIds = [...new Set(licenses.map((l) => l.pluginId))];
  const plugins = await prisma.plugin.findMany({
    where: { id: { in: pluginIds } },
    select: { id: true, name: true, creator: { select: { userId: true } }, versions: { where: { status: 'PUBLISHED' }, select: { version: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } },
  });
  const byId = new Map(plugins.map((p) => [p.id, p]));
  return [...first.values()].flatMap((license) => {
    const plugin = byId.get(license.pluginId);
    if (!plugin) return [];
    return [{ pluginId: plugin.id, pluginName: plugin.name, buyerEmail: license.buyerEmail, boughtAt: Math.floor(license.issuedAt.getTime() / 1000), versions: plugin.versions.map((v) => v.version), isCreatorReplying: plugin.creator.userId !== null }];
  });
}

/** The free published plugin the burst is about, drawn by name from the seed (null: there is none). */
async function pickBurstPlugin(prisma: PrismaClient, seed: number): Promise<string | null> {
  const free = await prisma.plugin.findMany({ where: { status: 'PUBLISHED', pricingModel: 'FREE' }, select: { id: true, name: true }, orderBy: { name: 'asc' } });
  if (free.length === 0) return null;
  return free.map((p) => ({ id: p.id, key: unitHash(`${seed}:burst:${p.name}`) })).sort((a, b) => a.key - b.key)[0]!.id;
}

/** Totals of the seeded buyers' reviews now. */
async function countSeededReviews(prisma: PrismaClient): Promise<Omit<ReviewSeedSummary, 'refused' | 'durationMs' | 'skipped'>> {
  const [written, edited, held, queued, replied, decided, reported] = await Promise.all([
    prisma.review.count({ where: seededReviews }),
    prisma.review.count({ where: { ...seededReviews, revision: { gt: 1 } } }),
    prisma.review.count({ where: { ...seededReviews, status: 'HELD' } }),
    prisma.review.count({ where: { ...seededReviews, queuedAt: { not: null } } }),
    prisma.reviewReply.count({ where: { review: seededReviews } }),
    prisma.reviewModeration.count({ where: { review: seededReviews } }),
    prisma.reviewReport.count({ where: { review: seededReviews } }),
  ]);
  return { written, edited, held, queued, replied, decided, reported };
}

function replyText(rating: number): string {
  return rating <= 2
    ? 'Sorry to hear that. Could you open an issue with your configuration and the error? We fixed several crashes in the latest version.'
    : rating === 3
      ? 'Thanks for the honest review. Better docs for the advanced options are on our list for the next release.'
      : 'Thank you for the kind words — glad it works well for you!';
}

function drawRating(random: () => number, weights: number[]): number {
  let x = random();
  for (const [i, w] of weights.entries()) {
    if ((x -= w) < 0) return i + 1;
  }
  return 5;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A number in [0, 1) from `text`, the same on every machine. */
function unitHash(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 4_294_967_296;
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
