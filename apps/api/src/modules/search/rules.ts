/**
 * The palette search's pure rules: how a query is read (a license key, a Stripe id by its
 * prefix, one of our ids, or text) and which kinds of result a caller's roles may see — all of a
 * kind (staff with the permission that reads it), only their own (a creator), or none.
 */
import { hasPermission, type Permission, type Role, type SearchKind } from '@marketdesk/shared';

/** Stripe's id prefixes the palette understands (https://docs.stripe.com/api: each object's `id`). */
export const STRIPE_PREFIXES = ['pi', 'ch', 'py', 'cs', 're', 'dp', 'du', 'po', 'evt', 'sub', 'acct'] as const;
export type StripePrefix = (typeof STRIPE_PREFIXES)[number];

export interface ReadQuery {
  /** The query, trimmed. */
  text: string;
  /** Three base64url parts joined by dots: a pasted license key (a JWT). */
  isLicenseKey: boolean;
  /** The Stripe object kind when the text is a Stripe id (`pi_…`). */
  stripePrefix: StripePrefix | null;
  /** Could be one of our row ids (a cuid, or the seed's ids): letters, digits, _ and -, 20–100 long. */
  isOurId: boolean;
  /** `plugin@version` split at its last "@" (a scoped name's leading "@" is part of the name). */
  submission: { pluginName: string; version: string | null };
}

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const STRIPE_ID = new RegExp(`^(${STRIPE_PREFIXES.join('|')})_[A-Za-z0-9_]+$`);
const OUR_ID = /^[A-Za-z0-9_-]{20,100}$/;

/** How `query` is read; see {@link ReadQuery}. Pure: the search's services decide what to ask of each reading. */
export function readSearchQuery(query: string): ReadQuery {
  const text = query.trim();
  const stripePrefix = (STRIPE_ID.exec(text)?.[1] as StripePrefix | undefined) ?? null;
  const at = text.lastIndexOf('@');
  return {
    text,
    isLicenseKey: JWT_SHAPE.test(text),
    stripePrefix,
    isOurId: stripePrefix === null && OUR_ID.test(text),
    submission: at > 0 ? { pluginName: text.slice(0, at), version: text.slice(at + 1) || null } : { pluginName: text, version: null },
  };
}

/** Who is searching: their roles and, for a creator, their creator account (null when unlinked). */
export interface SearchCaller {
  roles: readonly Role[];
  creatorId: string | null;
}

/** Every row of a kind, or only one creator's. */
export type SearchScope = { isAll: true } | { isAll: false; creatorId: string };

/**
 * The permission that reads each kind everywhere (the page its results open needs it too), and
 * for plugins and submissions the one that reads a creator's own.
 */
export const KIND_ACCESS: Record<SearchKind, { all: Permission; own?: Permission }> = {
  license: { all: 'licenses.read' },
  purchase: { all: 'finance.read' },
  refund: { all: 'finance.read' },
  dispute: { all: 'finance.read' },
  payout: { all: 'finance.read' },
  stripeEvent: { all: 'stripeEvents.read' },
  subscription: { all: 'subscriptions.manage' },
  plugin: { all: 'catalog.read', own: 'submissions.readOwn' },
  creator: { all: 'catalog.read' },
  submission: { all: 'queue.read', own: 'submissions.readOwn' },
  staffAccount: { all: 'users.read' },
};

/**
 * What of `kind` the caller may find: all of it, their own creator account's, or nothing (null;
 * also for a creator user whose account is not linked to a creator).
 */
export function scopeOf(caller: SearchCaller, kind: SearchKind): SearchScope | null {
  const access = KIND_ACCESS[kind];
  if (hasPermission(caller.roles, access.all)) return { isAll: true };
  if (access.own && hasPermission(caller.roles, access.own) && caller.creatorId) return { isAll: false, creatorId: caller.creatorId };
  return null;
}

/** The `where` part that keeps a creator to their own rows (`creatorId` column): nothing for staff. */
export function creatorWhere(scope: SearchScope): { creatorId?: string } {
  return scope.isAll ? {} : { creatorId: scope.creatorId };
}
