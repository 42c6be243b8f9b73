/** Reputation's procedures (`reputation.plugin`, `reputation.creator`): inputs and answers. */
import { z } from 'zod';
import { zId } from '../text.ts';
import { REPUTATION_COMPONENT_KEYS } from './reputation.ts';

export const ZRatingPrior = z.object({ mean: z.number(), weight: z.number().int() });

/** A plugin's published rating: plain mean (null with 0 reviews), Bayesian score (1–5), per-star counts and shares (1 star first). */
export const ZPluginRatingSummary = z.object({
  pluginId: z.string(),
  count: z.number().int(),
  average: z.number().nullable(),
  score: z.number(),
  distribution: z.array(z.object({ stars: z.number().int(), count: z.number().int(), share: z.number() })),
  prior: ZRatingPrior,
});
export type PluginRatingSummary = z.infer<typeof ZPluginRatingSummary>;

/** One calendar month (UTC, 'YYYY-MM') of published reviews by creation date; average null without any. */
export const ZRatingMonth = z.object({ month: z.string(), count: z.number().int(), average: z.number().nullable() });
export type RatingMonth = z.infer<typeof ZRatingMonth>;

export const ZReputationPluginInput = z.object({ pluginId: zId() });
export type ReputationPluginInput = z.infer<typeof ZReputationPluginInput>;

const ZCreatorRef = z.object({ id: z.string(), slug: z.string(), displayName: z.string() });

export const ZReputationPluginOutput = z.object({
  plugin: z.object({
    id: z.string(),
    name: z.string(),
    summary: z.string(),
    status: z.string(),
    pricingModel: z.enum(['FREE', 'ONE_TIME', 'SUBSCRIPTION']),
    /** Minor units of `currency`. */
    priceAmount: z.number().int(),
    currency: z.string(),
    creator: ZCreatorRef,
  }),
  rating: ZPluginRatingSummary,
  /** The last 12 months, oldest first, the current month last. */
  overTime: z.array(ZRatingMonth),
});
export type ReputationPluginOutput = z.infer<typeof ZReputationPluginOutput>;

export const ZReputationCreatorInput = z.object({ creatorId: zId() });
export type ReputationCreatorInput = z.infer<typeof ZReputationCreatorInput>;

export const ZReputationComponent = z.object({
  key: z.enum(REPUTATION_COMPONENT_KEYS),
  label: z.string(),
  value: z.number().nullable(),
  weight: z.number(),
  points: z.number(),
  hasEnoughData: z.boolean(),
  sentence: z.string(),
});

export const ZCreatorReputation = z.object({
  score: z.number().int(),
  needsCloserLook: z.boolean(),
  closerLookReasons: z.array(z.string()),
  components: z.array(ZReputationComponent),
});
export type CreatorReputationOutput = z.infer<typeof ZCreatorReputation>;

export const ZReputationCreatorOutput = z.object({
  creator: ZCreatorRef.extend({ createdAt: z.date() }),
  reputation: ZCreatorReputation,
  /** The counts the reputation was computed from. */
  counts: z.object({
    reviews: z.number().int(),
    paidPurchases: z.number().int(),
    refundedPurchases: z.number().int(),
    disputedPurchases: z.number().int(),
    submissions: z.number().int(),
    decidedSubmissions: z.number().int(),
    rejectedSubmissions: z.number().int(),
    criticalSubmissions: z.number().int(),
    recentCriticalSubmissions: z.number().int(),
  }),
  /** The creator's plugins, most reviewed first. */
  plugins: z.array(z.object({
    id: z.string(),
    name: z.string(),
    status: z.string(),
    pricingModel: z.enum(['FREE', 'ONE_TIME', 'SUBSCRIPTION']),
    count: z.number().int(),
    average: z.number().nullable(),
    score: z.number(),
  })),
  /** Ratings of all the creator's plugins over the last 12 months, oldest first. */
  overTime: z.array(ZRatingMonth),
});
export type ReputationCreatorOutput = z.infer<typeof ZReputationCreatorOutput>;
