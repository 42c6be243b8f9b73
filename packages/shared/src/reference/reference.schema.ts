/**
 * `reference.plugins` / `reference.creators`: the console's pickers. A filter keeps an id in the
 * URL and shows a name: the picker asks by `query` (part of the name, as the person types) and
 * by `ids` (the names of the ids already chosen, e.g. on opening a shared link).
 */
import { z } from 'zod';
import { zId, zText } from '../text.ts';

/** How many matches a picker lists while typing. */
export const REFERENCE_LIMIT = 20;

export const ZReferenceInput = z.object({
  /** Part of the name, case-insensitive; empty lists the first matches. */
  query: zText({ max: 200 }).default(''),
  /** Ids to name whatever the query (at most 20): the picker's current value. */
  ids: z.array(zId()).max(20).default([]),
});
export type ReferenceInput = z.input<typeof ZReferenceInput>;

export const ZReferenceItem = z.object({
  id: z.string(),
  name: z.string(),
  /** What tells two alike names apart: a plugin's creator, a creator's slug. */
  detail: z.string(),
});
export type ReferenceItem = z.infer<typeof ZReferenceItem>;

export const ZReferenceOutput = z.object({ items: z.array(ZReferenceItem) });
