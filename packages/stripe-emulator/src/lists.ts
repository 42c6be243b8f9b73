/**
 * Stripe's list envelope and cursor pagination (docs.stripe.com/api/pagination): newest first,
 * `limit` 1–100 (default 10), `starting_after` = the last id of the previous page (older
 * objects follow), `ending_before` = the first id of the next page (newer objects), `has_more`.
 * `created` filters accept an exact timestamp or `created[gt|gte|lt|lte]` (timestampFilter, also
 * used for other timestamp filters such as a payout's `arrival_date`).
 *
 * Every filter a list route accepts (its `params`) is applied: a parameter the emulator could not
 * honour is left out of `params`, so that it is refused as `parameter_unknown` rather than
 * silently answered with an unfiltered list (test/list-filters.test.ts checks each one).
 */
import { invalidRequest, referencedResourceMissing } from './errors.ts';
import type { Params } from './params.ts';
import type { ObjectType, StoredRecord, StripeObjectMap } from './store.ts';

/** Parameters every list endpoint accepts. */
export const LIST_PARAMS = ['limit', 'starting_after', 'ending_before', 'created'] as const;

export interface ApiList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

type Timestamped = { id: string; created?: number };

/**
 * One page of `records` (already filtered by owner and the endpoint's own filters).
 * @throws StripeApiError for a bad limit, both cursors at once, or a cursor id not in the list.
 */
export function paginate<T extends ObjectType>(records: StoredRecord<T>[], params: Params, url: string, noun: string): ApiList<StripeObjectMap[T]> {
  const limit = params.integer('limit') ?? 10;
  if (limit < 1 || limit > 100) throw invalidRequest('This value must be between 1 and 100.', { code: 'parameter_invalid_integer', param: 'limit' });
  const startingAfter = params.string('starting_after');
  const endingBefore = params.string('ending_before');
  if (startingAfter && endingBefore) throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.', { param: 'ending_before' });

  const matching = filterCreated(records, params).sort(newestFirst);
  let start = 0;
  let end = matching.length;
  if (startingAfter) {
    const index = matching.findIndex((record) => record.id === startingAfter);
    if (index === -1) throw referencedResourceMissing(noun, startingAfter, 'starting_after');
    start = index + 1;
    end = Math.min(matching.length, start + limit);
  } else if (endingBefore) {
    const index = matching.findIndex((record) => record.id === endingBefore);
    if (index === -1) throw referencedResourceMissing(noun, endingBefore, 'ending_before');
    end = index;
    start = Math.max(0, end - limit);
  } else {
    end = Math.min(matching.length, limit);
  }
  const hasMore = endingBefore ? start > 0 : end < matching.length;
  return { object: 'list', data: matching.slice(start, end).map((record) => record.data), has_more: hasMore, url };
}

/** A list holding all of `items` (nested lists such as `transfer.reversals`). */
export function listOf<T>(items: T[], url: string): ApiList<T> {
  return { object: 'list', data: items, has_more: false, url };
}

function filterCreated<T extends ObjectType>(records: StoredRecord<T>[], params: Params): StoredRecord<T>[] {
  const matches = timestampFilter(params, 'created');
  return matches ? records.filter((record) => matches(createdOf(record))) : records;
}

/**
 * The test for a timestamp filter such as `created` or a payout's `arrival_date`, given as an
 * exact Unix time (`arrival_date=1700000000`) or a range (`arrival_date[gte]=…&arrival_date[lt]=…`,
 * with `gt`, `gte`, `lt`, `lte`); undefined when the parameter is absent.
 * @throws StripeApiError `parameter_invalid_integer` for a bound that is not an integer, `parameter_unknown` for another key.
 */
export function timestampFilter(params: Params, name: string): ((timestamp: number) => boolean) | undefined {
  if (!params.has(name)) return undefined;
  if (typeof params.raw(name) === 'string') {
    const exact = params.integer(name);
    return (timestamp) => timestamp === exact;
  }
  const range = params.object(name, ['gt', 'gte', 'lt', 'lte']);
  if (!range) return undefined;
  const gt = range.integer('gt');
  const gte = range.integer('gte');
  const lt = range.integer('lt');
  const lte = range.integer('lte');
  return (timestamp) => (gt === undefined || timestamp > gt) && (gte === undefined || timestamp >= gte) && (lt === undefined || timestamp < lt) && (lte === undefined || timestamp <= lte);
}

function createdOf(record: StoredRecord): number {
  return (record.data as Timestamped).created ?? 0;
}

function newestFirst(a: StoredRecord, b: StoredRecord): number {
  return createdOf(b) - createdOf(a) || b.seq - a.seq;
}
