/**
 * `expand[]` (docs.stripe.com/expand): replaces an id field with the object it names, on a copy
 * of the response. Paths are dotted (`latest_charge.balance_transaction`); on a list they start
 * with `data.`; at most four levels deep, as at Stripe. `refunds` on a charge expands to the
 * list of its refunds (a field Stripe only includes when asked).
 */
import { invalidRequest } from './errors.ts';
import { listOf } from './lists.ts';
import type { Store } from './store.ts';

const MAX_DEPTH = 4;
/** Expandable fields Stripe leaves out when they do not apply (a charge's `transfer` without a destination); expanding one that is absent leaves it out. */
const OPTIONAL_EXPANDABLE: Record<string, ReadonlySet<string>> = { charge: new Set(['transfer']) };

/**
 * A copy of `value` with every path in `paths` expanded.
 * @throws StripeApiError when a path names a field that cannot be expanded.
 */
export function expandResponse(store: Store, value: unknown, paths: string[]): unknown {
  if (paths.length === 0) return value;
  const copy = structuredClone(value);
  for (const path of paths) {
    const segments = path.split('.');
    if (segments.length > MAX_DEPTH) throw invalidRequest(`You cannot expand more than ${MAX_DEPTH} levels of a property. Property: ${path}`, { param: 'expand' });
    expandPath(store, copy, segments);
  }
  return copy;
}

function expandPath(store: Store, node: unknown, segments: string[]): void {
  if (!isRecord(node)) return;
  const [field, ...rest] = segments as [string, ...string[]];
  if (node.object === 'list' && field === 'data' && Array.isArray(node.data)) {
    for (const item of node.data) expandPath(store, item, rest);
    return;
  }
  let value = node[field];
  if (value === undefined && OPTIONAL_EXPANDABLE[String(node.object)]?.has(field)) return;
  if (field === 'refunds' && node.object === 'charge' && !isRecord(value)) {
    const refunds = store.refundsOfCharge(String(node.id)).map((record) => structuredClone(record.data)).reverse();
    value = listOf(refunds, `/v1/charges/${String(node.id)}/refunds`);
  } else if (typeof value === 'string') {
    const record = store.getAny(value);
    if (!record) throw invalidRequest(`This property cannot be expanded (${field}).`, { param: 'expand' });
    value = structuredClone(record.data);
  } else if (value === undefined || (value !== null && !isRecord(value))) {
    throw invalidRequest(`This property cannot be expanded (${field}).`, { param: 'expand' });
  }
  node[field] = value;
  if (rest.length > 0 && value !== null) expandPath(store, value, rest);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
