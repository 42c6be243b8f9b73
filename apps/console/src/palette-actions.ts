/**
 * The command palette's actions as data, like console-areas.ts: a label, an icon and the
 * permission (from the one PERMISSIONS map) a role needs to be offered it. An action either goes
 * to a route at once, or first asks for the object it acts on (`pick`): the palette then
 * searches only that kind and opens the chosen one's page with the dialog already open.
 */
import { IconAlertTriangle, IconArrowBackUp, IconBan, IconBuildingBank, IconClockExclamation, IconFlame, IconPlayerPause, IconUpload, IconWebhook, IconWebhookOff, type Icon } from '@tabler/icons-react';
import { IconStar, IconUserCheck } from '@tabler/icons-react';
import { hasPermission, type Permission, type Role, type SearchKind, type SearchResult } from '@marketdesk/shared';

export interface PaletteAction {
  id: string;
  label: string;
  description: string;
  icon: Icon;
  permission: Permission;
  /** Where it goes at once… */
  route?: string;
  /** …or what it asks for first: the kind searched, the search field's placeholder, and the route of the chosen result. */
  pick?: { kind: SearchKind; placeholder: string; routeOf: (result: SearchResult) => string };
}

export const PALETTE_ACTIONS: readonly PaletteAction[] = [
  { id: 'overdue', label: 'Go to overdue', description: 'Pending submissions past their due date', icon: IconClockExclamation, permission: 'queue.read', route: '/queue?due=overdue' },
  { id: 'critical', label: 'Go to critical findings', description: 'Pending submissions whose scan found something critical', icon: IconFlame, permission: 'queue.read', route: '/queue?critical=yes' },
  {
    id: 'refund', label: 'Refund…', description: 'Find the purchase, then refund all or part of it', icon: IconArrowBackUp, permission: 'refund.create',
    // Purchase.page opens its refund dialog for ?refund=1.
    pick: { kind: 'purchase', placeholder: 'The purchase to refund: buyer email, pi_…, ch_…', routeOf: (purchase) => `${purchase.route}?refund=1` },
  },
  {
    id: 'revoke', label: 'Revoke license…', description: 'Find the license, then revoke it with a reason', icon: IconBan, permission: 'licenses.manage',
    // License.page opens the action's dialog for ?action=revoke|suspend.
    pick: { kind: 'license', placeholder: 'The license to revoke: license key or buyer email', routeOf: (license) => `${license.route}?action=revoke` },
  },
  {
    id: 'suspend', label: 'Suspend license…', description: 'Find the license, then suspend it with a reason', icon: IconPlayerPause, permission: 'licenses.manage',
    pick: { kind: 'license', placeholder: 'The license to suspend: license key or buyer email', routeOf: (license) => `${license.route}?action=suspend` },
  },
  { id: 'dead-events', label: 'Go to dead-lettered events', description: 'Webhook events that failed every attempt', icon: IconWebhookOff, permission: 'stripeEvents.read', route: '/stripe-events?status=DEAD' },
  { id: 'failed-events', label: 'Go to failed events', description: 'Webhook events waiting for their next attempt', icon: IconWebhook, permission: 'stripeEvents.read', route: '/stripe-events?status=FAILED' },
  { id: 'disputes', label: 'Go to disputes needing a response', description: 'Chargebacks whose evidence is due', icon: IconAlertTriangle, permission: 'finance.read', route: '/disputes?status=NEEDS_RESPONSE' },
  { id: 'failed-payouts', label: 'Go to failed payouts', description: 'Creator payouts the bank refused', icon: IconBuildingBank, permission: 'finance.read', route: '/payouts?status=FAILED' },
  { id: 'new-submission', label: 'Submit a new version…', description: 'Upload a package for review', icon: IconUpload, permission: 'submissions.create', route: '/my-submissions/new' },
  {
    id: 'plugin-rating', label: 'Open plugin rating…', description: 'Find the plugin, then open its rating and ratings over time', icon: IconStar, permission: 'reviews.read',
    pick: { kind: 'plugin', placeholder: 'The plugin: part of its name', routeOf: (plugin) => `/plugins/${plugin.id}` },
  },
  {
    id: 'creator-record', label: 'Open creator record…', description: 'Find the creator, then open their reputation score and what it is made of', icon: IconUserCheck, permission: 'reputation.read',
    pick: { kind: 'creator', placeholder: 'The creator: part of their name or slug', routeOf: (creator) => `/creators/${creator.id}` },
  },
];

/** The actions `roles` may use, in this order. */
export function listPaletteActionsFor(roles: readonly Role[]): PaletteAction[] {
  return PALETTE_ACTIONS.filter((action) => hasPermission(roles, action.permission));
}
