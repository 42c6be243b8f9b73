/**
 * Keyset pagination over rows ordered by a unique `id` tiebreak: ask for `limit + 1` rows after
 * the cursor row; the extra row tells whether there is a next page.
 */
import { AppError, PERIOD_EARLIEST, PERIOD_LATEST, zId } from '@marketdesk/shared';

/** The first `limit` rows and the id to continue after (null on the last page). */
export function page<T extends { id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}
/** Prisma's `cursor`/`skip` arguments that continue after the row with id `cursor`. */
export const cursorArgs = (cursor: string | undefined): { cursor?: { id: string }; skip?: number } => (cursor ? { cursor: { id: cursor }, skip: 1 } : {});

/** A keyset position: the row's time and id (the tiebreak). */
export interface KeysetPosition {
  at: Date;
  id: string;
}

/** The id shape a decoded cursor must have (built once, not per decode). */
const ZCursorId = zId();

/** The opaque cursor of a (time, id) keyset: base64url of `<ISO time>|<id>`. */
export const encodeKeysetCursor = (position: KeysetPosition): string => Buffer.from(`${position.at.toISOString()}|${position.id}`).toString('base64url');

/**
 * Reads a cursor made by encodeKeysetCursor. The cursor is the client's to send, so what it
 * decodes to is checked like any input: an id of id characters (zId: no NUL reaches the query)
 * and a time in the years 2000–2100 (PostgreSQL's timestamps end before JavaScript's dates).
 * @param list what issued it, for the message ("this search").
 * @throws AppError INVALID_INPUT (field `cursor`) for anything else.
 */
export function decodeKeysetCursor(raw: string, list: string): KeysetPosition {
  const [iso, id, ...rest] = Buffer.from(raw, 'base64url').toString().split('|');
  const at = new Date(iso ?? '');
  const isValid = rest.length === 0 && ZCursorId.safeParse(id).success && at >= PERIOD_EARLIEST && at <= PERIOD_LATEST;
  if (!isValid) throw new AppError('INVALID_INPUT', { message: `cursor is not one ${list} returned`, field: 'cursor' });
  return { at, id: id! };
}
