/**
 * `search.global`: the command palette's search. Each kind the caller may read runs one query
 * with a small limit, all in parallel; a kind the caller may not read is never asked.
 */
import { SEARCH_KINDS, SEARCH_LIMIT_PER_KIND, type SearchGlobalOutput, type SearchKind } from '@marketdesk/shared';
import type { Finder, SearchDeps } from './deps.ts';
import { findCreators, findPlugins, findSubmissions } from './find-catalog.ts';
import { findLicenses } from './find-licenses.ts';
import { findDisputes, findPurchases, findRefunds } from './find-purchases.ts';
import { findStaffAccounts } from './find-staff-accounts.ts';
import { findPayouts, findStripeEvents, findSubscriptions } from './find-stripe-records.ts';
import { readSearchQuery, scopeOf, type SearchCaller } from './rules.ts';

const FINDERS: Record<SearchKind, Finder> = {
  license: findLicenses,
  purchase: findPurchases,
  refund: findRefunds,
  dispute: findDisputes,
  payout: findPayouts,
  stripeEvent: findStripeEvents,
  subscription: findSubscriptions,
  plugin: findPlugins,
  creator: findCreators,
  submission: findSubmissions,
  staffAccount: findStaffAccounts,
};

/**
 * Searches `{ query, kinds? }` for `caller` (roles; a creator's own creator account id or null).
 * @returns `{ groups }`: one group per kind with results, in SEARCH_KINDS order, each result
 * `{ kind, id, title, subtitle, route }` (route: the console path that opens it); at most
 * SEARCH_LIMIT_PER_KIND results per kind. Never throws for a query that matches nothing.
 */
export async function searchGlobal(deps: SearchDeps, input: { query: string; kinds?: readonly SearchKind[]; caller: SearchCaller }): Promise<SearchGlobalOutput> {
  const query = readSearchQuery(input.query);
  const kinds = SEARCH_KINDS.filter((kind) => !input.kinds || input.kinds.includes(kind));
  const searches = kinds.flatMap((kind) => {
    const scope = scopeOf(input.caller, kind);
    return scope ? [FINDERS[kind](deps, { query, scope, roles: input.caller.roles, limit: SEARCH_LIMIT_PER_KIND }).then((results) => ({ kind, results }))] : [];
  });
  const groups = await Promise.all(searches);
  return { groups: groups.filter((group) => group.results.length > 0) };
}
