/**
 * The reputation formulas on known inputs (the issue: "the reputation formula on known inputs")
 * and their properties (fast-check, fixed seed): the Bayesian rating stays between the prior mean
 * and the plugin's own mean and moves toward the own mean as reviews accumulate; the distribution
 * sums to 1; a creator's score is 0–100 and a newcomer is neutral, not zero.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bayesianRating, CLOSER_LOOK_THRESHOLD, creatorReputation, NEUTRAL_SHARE, RATING_PRIOR_WEIGHT, ratingDistribution, ratingPriorOf, REPUTATION_WEIGHTS,
  type CreatorReputationInputs,
} from '@marketdesk/shared';

const FC = { seed: 16_04, numRuns: 300 };
const prior = (mean: number) => ({ mean, weight: RATING_PRIOR_WEIGHT });

describe('bayesianRating', () => {
  it('ranks three 5-star reviews below three hundred 4.6-star ones (prior 4.2, weight 10)', () => {
    const three = bayesianRating({ count: 3, sum: 15 }, prior(4.2));
    const many = bayesianRating({ count: 300, sum: 1380 }, prior(4.2));
    expect(three).toBeCloseTo((10 * 4.2 + 15) / 13, 10); // 4.3846…
    expect(many).toBeCloseTo((10 * 4.2 + 1380) / 310, 10); // 4.5871…
    expect(three).toBeLessThan(many);
    // Also with a harsher marketplace, and with the prior of the scale's midpoint.
    expect(bayesianRating({ count: 3, sum: 15 }, prior(3))).toBeLessThan(bayesianRating({ count: 300, sum: 1380 }, prior(3)));
  });

  it('is the prior mean with no reviews and the known value on known inputs', () => {
    expect(bayesianRating({ count: 0, sum: 0 }, prior(4.1))).toBe(4.1);
    expect(bayesianRating({ count: 10, sum: 20 }, prior(4))).toBe(3); // (40 + 20) / 20
    expect(ratingPriorOf({ count: 0, sum: 0 })).toEqual({ mean: 3, weight: 10 });
    expect(ratingPriorOf({ count: 4, sum: 17 })).toEqual({ mean: 4.25, weight: 10 });
  });

  it('refuses impossible aggregates', () => {
    expect(() => bayesianRating({ count: 2, sum: 11 }, prior(4))).toThrow();
    expect(() => bayesianRating({ count: -1, sum: 0 }, prior(4))).toThrow();
  });

  const ratings = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 400 });
  const priorMean = fc.double({ min: 1, max: 5, noNaN: true });

  it('lies between the prior mean and the plugin\'s own mean', () => {
    fc.assert(fc.property(ratings, priorMean, (stars, mean) => {
      const agg = { count: stars.length, sum: stars.reduce((a, b) => a + b, 0) };
      const own = agg.sum / agg.count;
      const score = bayesianRating(agg, prior(mean));
      const eps = 1e-9;
      expect(score).toBeGreaterThanOrEqual(Math.min(own, mean) - eps);
      expect(score).toBeLessThanOrEqual(Math.max(own, mean) + eps);
    }), FC);
  });

  it('moves toward the own mean as the same ratings repeat', () => {
    fc.assert(fc.property(ratings, priorMean, fc.integer({ min: 2, max: 20 }), (stars, mean, k) => {
      const agg = { count: stars.length, sum: stars.reduce((a, b) => a + b, 0) };
      const own = agg.sum / agg.count;
      const once = bayesianRating(agg, prior(mean));
      const more = bayesianRating({ count: agg.count * k, sum: agg.sum * k }, prior(mean));
      expect(Math.abs(more - own)).toBeLessThanOrEqual(Math.abs(once - own) + 1e-9);
    }), FC);
  });
});

describe('ratingDistribution', () => {
  it('gives each star its share, or zeros without reviews', () => {
    expect(ratingDistribution({ stars1: 1, stars2: 0, stars3: 1, stars4: 0, stars5: 2 }).map((s) => s.share)).toEqual([0.25, 0, 0.25, 0, 0.5]);
    expect(ratingDistribution({ stars1: 0, stars2: 0, stars3: 0, stars4: 0, stars5: 0 }).every((s) => s.share === 0 && s.count === 0)).toBe(true);
  });

  it('has shares summing to 1', () => {
    const count = fc.integer({ min: 0, max: 100_000 });
    fc.assert(fc.property(count, count, count, count, count, (stars1, stars2, stars3, stars4, stars5) => {
      fc.pre(stars1 + stars2 + stars3 + stars4 + stars5 > 0);
      const sum = ratingDistribution({ stars1, stars2, stars3, stars4, stars5 }).reduce((a, s) => a + s.share, 0);
      expect(sum).toBeCloseTo(1, 9);
    }), FC);
  });
});

const newcomer: CreatorReputationInputs = {
  plugins: [], prior: prior(4.2), paidPurchases: 0, refundedPurchases: 0, disputedPurchases: 0,
  decidedSubmissions: 0, rejectedSubmissions: 0, submissions: 0, criticalSubmissions: 0, recentCriticalSubmissions: 0,
};

describe('creatorReputation', () => {
  it('scores a newcomer neutrally (75), not zero, and explains why', () => {
    const r = creatorReputation(newcomer);
    expect(r.score).toBe(75);
    expect(r.needsCloserLook).toBe(false);
    expect(r.components.every((c) => !c.hasEnoughData && c.value === null && c.points === Math.round(c.weight * NEUTRAL_SHARE * 10) / 10 && c.sentence.startsWith('Not enough data'))).toBe(true);
  });

  it('scores a known record: 4.5-star plugins, 2 % refunds, 0.5 % disputes, 1 rejection in 10, no critical finding', () => {
    const r = creatorReputation({
      ...newcomer, plugins: [{ count: 90, sum: 405 }, { count: 10, sum: 45 }], paidPurchases: 200, refundedPurchases: 4, disputedPurchases: 1,
      decidedSubmissions: 10, rejectedSubmissions: 1, submissions: 10, criticalSubmissions: 0,
    });
    const by = Object.fromEntries(r.components.map((c) => [c.key, c]));
    // Ratings: (90·(42+405)/100 + 10·(42+45)/20) / 100 = (90·4.47 + 10·4.35) / 100 = 4.458 → 35·3.458/4 = 30.3 points.
    expect(by.ratings!.value).toBeCloseTo(4.458, 9);
    expect(by.ratings!.points).toBe(30.3);
    expect(by.refunds!.points).toBe(18); // 20·(1 − 0.02/0.2)
    expect(by.disputes!.points).toBe(13.3); // 20·(1 − 0.005/0.015)
    expect(by.rejections!.points).toBe(12); // 15·(1 − 0.1/0.5)
    expect(by.criticalFindings!.points).toBe(10);
    expect(r.score).toBe(84); // 83.6
    expect(r.needsCloserLook).toBe(false);
  });

  it('asks for a closer look at a dispute rate at Stripe\'s 0.75 % whatever the score, and at a recent critical finding', () => {
    const good = { ...newcomer, plugins: [{ count: 50, sum: 250 }], paidPurchases: 400, refundedPurchases: 0, decidedSubmissions: 5, submissions: 5 };
    expect(creatorReputation({ ...good, disputedPurchases: 2 }).needsCloserLook).toBe(false); // 0.5 %
    const disputed = creatorReputation({ ...good, disputedPurchases: 3 }); // 0.75 %
    expect(disputed.score).toBeGreaterThanOrEqual(CLOSER_LOOK_THRESHOLD);
    expect(disputed.needsCloserLook).toBe(true);
    expect(disputed.closerLookReasons.join(' ')).toMatch(/Dispute rate 0\.75 %/);
    const critical = creatorReputation({ ...good, criticalSubmissions: 1, recentCriticalSubmissions: 1 });
    expect(critical.needsCloserLook).toBe(true);
    expect(critical.closerLookReasons.join(' ')).toMatch(/critical finding in the last 90 days/);
  });

  it('asks for a closer look at a poor record (score below 60)', () => {
    const r = creatorReputation({
      ...newcomer, plugins: [{ count: 40, sum: 80 }], paidPurchases: 100, refundedPurchases: 25, disputedPurchases: 0,
      decidedSubmissions: 6, rejectedSubmissions: 3, submissions: 6, criticalSubmissions: 0,
    });
    expect(r.score).toBeLessThan(CLOSER_LOOK_THRESHOLD);
    expect(r.needsCloserLook).toBe(true);
    expect(r.closerLookReasons[0]).toMatch(/below 60/);
  });

  it('stays within 0–100 with points within each weight (property)', () => {
    const plugin = fc.integer({ min: 0, max: 500 }).chain((count) => fc.integer({ min: count, max: 5 * count }).map((sum) => ({ count, sum })));
    const inputs = fc.record({
      plugins: fc.array(plugin, { maxLength: 6 }), mean: fc.double({ min: 1, max: 5, noNaN: true }),
      paid: fc.integer({ min: 0, max: 5000 }), refundShare: fc.double({ min: 0, max: 1, noNaN: true }), disputeShare: fc.double({ min: 0, max: 1, noNaN: true }),
      submissions: fc.integer({ min: 0, max: 50 }), decidedShare: fc.double({ min: 0, max: 1, noNaN: true }), rejectedShare: fc.double({ min: 0, max: 1, noNaN: true }), criticalShare: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(fc.property(inputs, (x) => {
      const decided = Math.floor(x.submissions * x.decidedShare);
      const r = creatorReputation({
        plugins: x.plugins, prior: prior(x.mean), paidPurchases: x.paid, refundedPurchases: Math.floor(x.paid * x.refundShare), disputedPurchases: Math.floor(x.paid * x.disputeShare),
        decidedSubmissions: decided, rejectedSubmissions: Math.floor(decided * x.rejectedShare), submissions: x.submissions, criticalSubmissions: Math.floor(x.submissions * x.criticalShare), recentCriticalSubmissions: 0,
      });
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(100);
      for (const c of r.components) {
        expect(c.weight).toBe(REPUTATION_WEIGHTS[c.key]);
        expect(c.points).toBeGreaterThanOrEqual(0);
        expect(c.points).toBeLessThanOrEqual(c.weight);
      }
      expect(r.needsCloserLook).toBe(r.closerLookReasons.length > 0);
    }), FC);
  });
});
