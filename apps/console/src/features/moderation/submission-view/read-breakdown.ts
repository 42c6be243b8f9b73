/**
 * The scanner's score breakdown as stored on a quality report (JSON, `breakdown` in the API's
 * answer is typed unknown). Parsed here so that an older or partial breakdown shows what it
 * has instead of breaking the page.
 */
import { z } from 'zod';

const ZScoreCheck = z.object({ id: z.string(), label: z.string(), points: z.number(), earned: z.number(), detail: z.string().optional() });
const ZCategoryScore = z.object({ score: z.number(), checks: z.array(ZScoreCheck) });

const ZBreakdown = z.object({
  weights: z.object({ lint: z.number(), types: z.number(), tests: z.number(), docs: z.number() }),
  formula: z.string(),
  lint: z.object({
    score: z.number(),
    errors: z.number(),
    warnings: z.number(),
    linesOfCode: z.number(),
    topRules: z.array(z.object({ rule: z.string(), count: z.number() })).default([]),
    formula: z.string().optional(),
  }),
  types: ZCategoryScore,
  tests: ZCategoryScore,
  docs: ZCategoryScore,
  files: z.array(z.object({ path: z.string(), size: z.number() })).default([]),
  notAnalyzed: z.array(z.object({ file: z.string(), reason: z.string() })).default([]),
});

export type ScoreBreakdown = z.infer<typeof ZBreakdown>;
export type CategoryScore = z.infer<typeof ZCategoryScore>;

/** The breakdown, or null when there is none or it is not in the shape above. */
export function readBreakdown(raw: unknown): ScoreBreakdown | null {
  const parsed = ZBreakdown.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
