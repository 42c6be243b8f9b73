/**
 * Keyset pagination over rows ordered by a unique `id` tiebreak: ask for `limit + 1` rows after
 * the cursor row; the extra row tells whether there is a next page.
 */

/** The first `limit` rows and the id to continue after (null on the last page). */
export function page<T extends { id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}
/** Prisma's `cursor`/`skip` arguments that continue after the row with id `cursor`. */
export const cursorArgs = (cursor: string | undefined): { cursor?: { id: string }; skip?: number } => (cursor ? { cursor: { id: cursor }, skip: 1 } : {});

