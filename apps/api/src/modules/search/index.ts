/**
 * Search: the command palette's one search over licenses, purchases, refunds, disputes, payouts,
 * webhook events, subscriptions, plugins, creators, submissions and staff accounts, each kind
 * limited to what the caller's roles may read (a creator: their own).
 */
export { searchRouter } from './router.ts';
export { searchGlobal } from './search-global.ts';
