/**
 * Reputation, pure: a plugin's Bayesian rating and a creator's 0–100 record, computed from
 * aggregates (PluginRating rows, purchase/refund/dispute and submission counts), never from a
 * scan of reviews. The API, the console and the seed call these same functions.
 *
 * Sources:
 * - Bayesian average: Wikipedia, "Bayesian average" (https://en.wikipedia.org/wiki/Bayesian_average):
 *   x̄ = (C·m + Σ xᵢ) / (C + n), m the prior mean, C "proportional to the typical data set size" —
 *   the same as adding C ratings of value m. It cites Evan Miller, "Bayesian Average Ratings"
 *   (2012, https://www.evanmiller.org/bayesian-average-ratings.html), who derives the idea (a prior
 *   belief updated by each rating, worked for up/down votes) for sorting items with few ratings.
 *   It is also the "weighted rating" IMDb published for its Top 250, WR = (v/(v+m))·R + (m/(v+m))·C,
 *   v votes, R the title's mean, C the mean over all titles, m the votes required to be listed
 *   (the same formula, other letters).
 * - Dispute rate: Stripe, "Measuring disputes" (https://docs.stripe.com/disputes/measuring): its
 *   "dispute rate" is disputes on successful payments by charge date (what we count: disputed ÷
 *   paid purchases), its "dispute activity" the same by dispute date, which the card networks'
 *   monitoring programs use; its "Excessive dispute activity" section puts the excessive level at
 *   0.75 %. See also "Dispute and fraud card monitoring programs" (docs.stripe.com/disputes/monitoring-programs).
 */

/** One star's share of a plugin's published ratings. */
export interface RatingStarShare {
  /** 1–5. */
  stars: number;
  count: number;
  /** count ÷ all published ratings, 0–1; 0 for every star when there are none. */
  share: number;
}

/** The prior a Bayesian rating pulls toward: the marketplace's mean (1–5) with the weight of `weight` reviews. */
export interface RatingPrior {
  mean: number;
  weight: number;
}

/**
 * C, the prior's weight in reviews: a plugin needs 10 published reviews before its own mean counts
 * as much as the marketplace's. C should be in proportion to a typical item's number of ratings
 * (Wikipedia); most plugins have a handful to a few dozen reviews, so 10 lets a plugin with
 * dozens of consistent reviews rise on its own while three enthusiastic ones barely move it.
 */
export const RATING_PRIOR_WEIGHT = 10;

/** The prior mean while the marketplace has no published review at all: the middle of the 1–5 scale. */
export const DEFAULT_PRIOR_MEAN = 3;

/**
 * The marketplace's prior from the totals of every PluginRating row: mean = Σ sum ÷ Σ count (1–5),
 * DEFAULT_PRIOR_MEAN with no reviews; weight = RATING_PRIOR_WEIGHT.
 */
export function ratingPriorOf(totals: { count: number; sum: number }): RatingPrior {
  return { mean: totals.count > 0 ? totals.sum / totals.count : DEFAULT_PRIOR_MEAN, weight: RATING_PRIOR_WEIGHT };
}

/**
 * The Bayesian average (Wikipedia's "Bayesian average" after Evan Miller; IMDb's Top 250 weighted rating):
 * (weight·mean + sum) ÷ (weight + count), on the 1–5 scale. With 0 reviews it is the prior mean;
 * it always lies between the prior mean and the plugin's own mean (sum ÷ count) and moves toward
 * the own mean as count grows. `count` and `sum` are PluginRating's (published reviews only).
 * @throws Error when count, sum or weight is negative, or sum is impossible for count (outside count…5·count).
 */
export function bayesianRating(rating: { count: number; sum: number }, prior: RatingPrior): number {
  const { count, sum } = rating;
  if (count < 0 || prior.weight < 0) throw new Error('count and weight must not be negative');
  if (sum < count || sum > 5 * count) throw new Error(`sum ${sum} is impossible for ${count} ratings of 1–5`);
  if (prior.weight + count === 0) return prior.mean;
  return (prior.weight * prior.mean + sum) / (prior.weight + count);
}

/** The plain mean of published ratings (1–5), null without any. */
export function meanRating(rating: { count: number; sum: number }): number | null {
  return rating.count > 0 ? rating.sum / rating.count : null;
}

/**
 * Each star's count and share of a PluginRating's per-star counts (stars1…stars5), 1 star first.
 * Shares sum to 1 (up to floating-point rounding), or are all 0 without reviews.
 */
export function ratingDistribution(stars: { stars1: number; stars2: number; stars3: number; stars4: number; stars5: number }): RatingStarShare[] {
  const counts = [stars.stars1, stars.stars2, stars.stars3, stars.stars4, stars.stars5];
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((count, i) => ({ stars: i + 1, count, share: total > 0 ? count / total : 0 }));
}

// ——— Creator reputation ———

/** What a creator's record is computed from: all counts, all-time unless said otherwise. */
export interface CreatorReputationInputs {
  /** Each plugin's PluginRating (published reviews): count and sum of stars. */
  plugins: { count: number; sum: number }[];
  prior: RatingPrior;
  /** Purchases that were paid (status SUCCEEDED, PARTIALLY_REFUNDED or REFUNDED). */
  paidPurchases: number;
  /** Paid purchases with any refund (PARTIALLY_REFUNDED or REFUNDED). */
  refundedPurchases: number;
  /** Paid purchases with at least one dispute (warnings and inquiries included, as Stripe counts them). */
  disputedPurchases: number;
  /** Submissions a moderator decided (APPROVED, REJECTED or CHANGES_REQUESTED). */
  decidedSubmissions: number;
  rejectedSubmissions: number;
  /** Submissions (not withdrawn) and those whose quality report had a critical finding. */
  submissions: number;
  criticalSubmissions: number;
  /** Of those, submitted in the last CRITICAL_LOOKBACK_DAYS days. */
  recentCriticalSubmissions: number;
}

export const REPUTATION_COMPONENT_KEYS = ['ratings', 'refunds', 'disputes', 'rejections', 'criticalFindings'] as const;
export type ReputationComponentKey = (typeof REPUTATION_COMPONENT_KEYS)[number];

/** One explained part of the score: `points` of at most `weight`, from `value` (null: not enough data). */
export interface ReputationComponent {
  key: ReputationComponentKey;
  label: string;
  /** Ratings: the review-weighted Bayesian rating (1–5); the others: a rate, 0–1. Null: not enough data. */
  value: number | null;
  /** Maximum points (the weights sum to 100). */
  weight: number;
  /** 0…weight, rounded to 0.1. */
  points: number;
  hasEnoughData: boolean;
  sentence: string;
}

export interface CreatorReputation {
  /** 0–100, the sum of the components' points, rounded to an integer. */
  score: number;
  needsCloserLook: boolean;
  /** Why a moderator should look closer (empty when not). */
  closerLookReasons: string[];
  components: ReputationComponent[];
}

/**
 * Each component's maximum points (sum 100). Ratings weigh most (buyers' own verdict); refunds and
 * disputes are money buyers asked back; moderation outcomes say how carefully the creator ships.
 */
export const REPUTATION_WEIGHTS: Record<ReputationComponentKey, number> = { ratings: 35, refunds: 20, disputes: 20, rejections: 15, criticalFindings: 10 };

/** Below this score a creator's submissions get a closer look. */
export const CLOSER_LOOK_THRESHOLD = 60;
/** Stripe's excessive dispute rate (0.75 %): at or above it, a closer look whatever the score. */
export const EXCESSIVE_DISPUTE_RATE = 0.0075;
/** A critical finding this recent (days) asks for a closer look whatever the score. */
export const CRITICAL_LOOKBACK_DAYS = 90;
/**
 * A component without enough data earns this share of its weight: about what an ordinary creator
 * earns, so a newcomer starts neither in the closer-look zone (0.75 · 100 = 75 ≥ 60) nor ahead of
 * an established good record.
 */
export const NEUTRAL_SHARE = 0.75;
/** Least data for a component to count: published reviews, paid purchases, decided and all submissions. */
export const MIN_REVIEWS = 5;
export const MIN_PAID_PURCHASES = 20;
export const MIN_DECIDED_SUBMISSIONS = 3;
/** The rate at which a component earns 0 points (linear from full points at 0). */
export const ZERO_POINT_RATES = { refunds: 0.2, disputes: 2 * EXCESSIVE_DISPUTE_RATE, rejections: 0.5, criticalFindings: 0.25 } as const;

const round1 = (n: number) => Math.round(n * 10) / 10;
const percent = (rate: number) => `${Math.round(rate * 10_000) / 100} %`;
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function rateComponent(key: Exclude<ReputationComponentKey, 'ratings'>, label: string, part: number, whole: number, minWhole: number, describe: (rate: number) => string, lacking: string): ReputationComponent {
  const weight = REPUTATION_WEIGHTS[key];
  if (whole < minWhole) {
    return { key, label, value: null, weight, points: round1(weight * NEUTRAL_SHARE), hasEnoughData: false, sentence: `Not enough data: ${lacking}; neutral points.` };
  }
  const rate = part / whole;
  const points = round1(weight * Math.max(0, 1 - rate / ZERO_POINT_RATES[key]));
  return { key, label, value: rate, weight, points, hasEnoughData: true, sentence: describe(rate) };
}

/**
 * A creator's 0–100 record, explained: five components (REPUTATION_WEIGHTS), each with its value,
 * weight, points and a sentence. Ratings earn weight·(score − 1)/4 from the review-weighted mean
 * of the plugins' Bayesian ratings; each rate earns its weight at 0 falling linearly to 0 points at
 * ZERO_POINT_RATES. A component with less than its minimum data earns NEUTRAL_SHARE of its weight.
 * `needsCloserLook` when the score is below CLOSER_LOOK_THRESHOLD, the dispute rate (with enough
 * paid purchases) is at or above Stripe's EXCESSIVE_DISPUTE_RATE, or any submission in the last
 * CRITICAL_LOOKBACK_DAYS had a critical finding.
 */
export function creatorReputation(inputs: CreatorReputationInputs): CreatorReputation {
  const reviewCount = inputs.plugins.reduce((a, p) => a + p.count, 0);
  const ratingsWeight = REPUTATION_WEIGHTS.ratings;
  let ratings: ReputationComponent;
  if (reviewCount < MIN_REVIEWS) {
    ratings = { key: 'ratings', label: 'Plugin ratings', value: null, weight: ratingsWeight, points: round1(ratingsWeight * NEUTRAL_SHARE), hasEnoughData: false, sentence: `Not enough data: ${reviewCount} published review${reviewCount === 1 ? '' : 's'} (${MIN_REVIEWS} needed); neutral points.` };
  } else {
    const weighted = inputs.plugins.reduce((a, p) => a + p.count * bayesianRating(p, inputs.prior), 0) / reviewCount;
    ratings = {
      key: 'ratings', label: 'Plugin ratings', value: weighted, weight: ratingsWeight, points: round1(ratingsWeight * (weighted - 1) / 4), hasEnoughData: true,
      sentence: `Plugins rate ${weighted.toFixed(2)} of 5 (Bayesian, weighted by ${reviewCount} published reviews; marketplace mean ${inputs.prior.mean.toFixed(2)}).`,
    };
  }
  const paid = inputs.paidPurchases;
  const components: ReputationComponent[] = [
    ratings,
    rateComponent('refunds', 'Refund rate', inputs.refundedPurchases, paid, MIN_PAID_PURCHASES,
      (r) => `${percent(r)} of ${paid} paid purchases were refunded (0 points at ${percent(ZERO_POINT_RATES.refunds)}).`,
      `${plural(paid, 'paid purchase')} (${MIN_PAID_PURCHASES} needed)`),
    rateComponent('disputes', 'Dispute rate', inputs.disputedPurchases, paid, MIN_PAID_PURCHASES,
      (r) => `${percent(r)} of ${paid} paid purchases were disputed; Stripe considers ${percent(EXCESSIVE_DISPUTE_RATE)} or more excessive.`,
      `${plural(paid, 'paid purchase')} (${MIN_PAID_PURCHASES} needed)`),
    rateComponent('rejections', 'Rejected submissions', inputs.rejectedSubmissions, inputs.decidedSubmissions, MIN_DECIDED_SUBMISSIONS,
      (r) => `${inputs.rejectedSubmissions} of ${inputs.decidedSubmissions} decided submissions were rejected (${percent(r)}).`,
      `${plural(inputs.decidedSubmissions, 'decided submission')} (${MIN_DECIDED_SUBMISSIONS} needed)`),
    rateComponent('criticalFindings', 'Critical findings', inputs.criticalSubmissions, inputs.submissions, MIN_DECIDED_SUBMISSIONS,
      (r) => `${inputs.criticalSubmissions} of ${inputs.submissions} submissions had a critical finding (${percent(r)}).`,
      `${plural(inputs.submissions, 'submission')} (${MIN_DECIDED_SUBMISSIONS} needed)`),
  ];
  const score = Math.round(components.reduce((a, c) => a + c.points, 0));
  const reasons: string[] = [];
  if (score < CLOSER_LOOK_THRESHOLD) reasons.push(`Score ${score} is below ${CLOSER_LOOK_THRESHOLD}.`);
  const disputes = components[2]!;
  if (disputes.value !== null && disputes.value >= EXCESSIVE_DISPUTE_RATE) reasons.push(`Dispute rate ${percent(disputes.value)} is at or above Stripe's excessive ${percent(EXCESSIVE_DISPUTE_RATE)}.`);
  if (inputs.recentCriticalSubmissions > 0) reasons.push(`${inputs.recentCriticalSubmissions} submission${inputs.recentCriticalSubmissions === 1 ? '' : 's'} with a critical finding in the last ${CRITICAL_LOOKBACK_DAYS} days.`);
  return { score, needsCloserLook: reasons.length > 0, closerLookReasons: reasons, components };
}
