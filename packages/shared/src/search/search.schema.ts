/**
 * `search.global`: the command palette's one search. The query is whatever was typed or pasted —
 * part of a buyer email, a license key, one of our ids or Stripe's (pi_, ch_, re_, dp_/du_, po_,
 * evt_, sub_, acct_), a plugin name, a creator, `plugin@version`, a staff account — and the answer
 * is grouped by kind, each result with the console route that opens it.
 */
import { z } from 'zod';
import { zText } from '../text.ts';

export const SEARCH_KINDS = ['license', 'purchase', 'refund', 'dispute', 'payout', 'stripeEvent', 'subscription', 'plugin', 'creator', 'submission', 'staffAccount'] as const;
export const ZSearchKind = z.enum(SEARCH_KINDS);
export type SearchKind = z.infer<typeof ZSearchKind>;

/** Results per kind: the palette shows a handful, the pages list the rest. */
export const SEARCH_LIMIT_PER_KIND = 5;

export const ZSearchGlobalInput = z.object({
  /** 2–4096 characters: a license key (a JWT) is the longest thing pasted here. */
  query: zText({ min: 2, max: 4096, minMessage: 'Type at least 2 characters' }),
  /** Only these kinds (the palette's "Refund…" picks a purchase); default every kind the caller may read. */
  kinds: z.array(ZSearchKind).min(1).max(SEARCH_KINDS.length).optional(),
});
export type SearchGlobalInput = z.input<typeof ZSearchGlobalInput>;

export const ZSearchResult = z.object({
  kind: ZSearchKind,
  /** The row's id (ours, or the Stripe event's evt_…). */
  id: z.string(),
  title: z.string(),
  subtitle: z.string(),
  /** The console path that opens it, e.g. `/licenses/cm…`, `/transactions/cm…`. */
  route: z.string(),
});
export type SearchResult = z.infer<typeof ZSearchResult>;

export const ZSearchGroup = z.object({ kind: ZSearchKind, results: z.array(ZSearchResult) });
export type SearchGroup = z.infer<typeof ZSearchGroup>;

/** Non-empty groups only, in SEARCH_KINDS order. */
export const ZSearchGlobalOutput = z.object({ groups: z.array(ZSearchGroup) });
export type SearchGlobalOutput = z.infer<typeof ZSearchGlobalOutput>;
