/**
 * The status of a creator's Stripe connected account as Marketdesk keeps it (from account.updated,
 * or re-read): charges and payouts enabled, the `transfers` capability, requirements; the rule
 * that only a creator whose `transfers` capability is active can sell; finance's list of
 * restricted creators. Onboarding itself: connect-onboarding.ts.
 */
import type Stripe from 'stripe';
import { AppError, type PayoutSetupStatus } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { requireStripe } from '../../platform/stripe/access.ts';

type ConnectDeps = Pick<AppDeps, 'prisma' | 'stripe' | 'clock'>;

const STATUS_SELECT = {
  id: true, stripeAccountId: true, chargesEnabled: true, payoutsEnabled: true, transfersCapability: true,
  requirementsCurrentlyDue: true, requirementsPastDue: true, disabledReason: true, stripeSyncedAt: true,
} as const;

type StatusRow = { id: string; stripeAccountId: string | null; chargesEnabled: boolean; payoutsEnabled: boolean; transfersCapability: string | null; requirementsCurrentlyDue: string[]; requirementsPastDue: string[]; disabledReason: string | null; stripeSyncedAt: Date | null };

function toStatus(row: StatusRow): PayoutSetupStatus {
  return {
    creatorId: row.id, stripeAccountId: row.stripeAccountId, chargesEnabled: row.chargesEnabled, payoutsEnabled: row.payoutsEnabled,
    transfersCapability: row.transfersCapability, canReceiveTransfers: row.transfersCapability === 'active',
    currentlyDue: row.requirementsCurrentlyDue, pastDue: row.requirementsPastDue, disabledReason: row.disabledReason, syncedAt: row.stripeSyncedAt,
  };
}

/** The CreatorAccount columns that mirror Stripe account `account` (read at `syncedAt`). */
export function accountStatusFields(account: Stripe.Account, syncedAt: Date) {
  return {
    chargesEnabled: account.charges_enabled ?? false,
    payoutsEnabled: account.payouts_enabled ?? false,
    transfersCapability: account.capabilities?.transfers ?? null,
    requirementsCurrentlyDue: account.requirements?.currently_due ?? [],
    requirementsPastDue: account.requirements?.past_due ?? [],
    disabledReason: account.requirements?.disabled_reason ?? null,
    stripeSyncedAt: syncedAt,
  };
}

/**
 * Creator `input.creatorId`'s payout setup as last synced.
 * @throws AppError NOT_FOUND for an unknown creator.
 */
export async function readPayoutSetup(deps: Pick<AppDeps, 'prisma'>, input: { creatorId: string }): Promise<PayoutSetupStatus> {
  const row = await deps.prisma.creatorAccount.findUnique({ where: { id: input.creatorId }, select: STATUS_SELECT });
  if (!row) throw new AppError('NOT_FOUND', { message: `No creator ${input.creatorId}` });
  return toStatus(row);
}

/**
 * Re-reads creator `input.creatorId`'s connected account from Stripe and stores its status (a
 * creator without an account keeps the defaults).
 * @throws AppError NOT_FOUND for an unknown creator; PRECONDITION_FAILED without Stripe; Stripe's errors.
 */
export async function refreshPayoutSetup(deps: ConnectDeps, input: { creatorId: string }): Promise<PayoutSetupStatus> {
  const current = await readPayoutSetup(deps, input);
  if (!current.stripeAccountId) return current;
  const account = await requireStripe(deps).accounts.retrieve(current.stripeAccountId);
  const row = await deps.prisma.creatorAccount.update({ where: { id: input.creatorId }, data: accountStatusFields(account, deps.clock.now()), select: STATUS_SELECT });
  return toStatus(row);
}

/**
 * Refuses a sale by creator `input.creatorId` unless their connected account can receive
 * transfers (capability `transfers` active): a destination charge to it would fail at Stripe.
 * A stored status other than active is re-read from Stripe first (account.updated may still be
 * on its way).
 * @throws AppError CONFLICT naming why (Stripe's disabled reason and what is due).
 */
export async function assertCreatorCanSell(deps: ConnectDeps, input: { creatorId: string }): Promise<void> {
  const stored = await readPayoutSetup(deps, input);
  if (stored.canReceiveTransfers) return;
  const status = await refreshPayoutSetup(deps, input);
  if (status.canReceiveTransfers) return;
  const why = [status.disabledReason && `disabled: ${status.disabledReason}`, status.currentlyDue.length > 0 && `due: ${status.currentlyDue.join(', ')}`].filter(Boolean).join('; ');
  const message = `The creator of this plugin cannot receive payments yet: their Stripe account's transfers capability is ${status.transfersCapability ?? 'missing'}${why ? ` (${why})` : ''}`;
  throw new AppError('CONFLICT', { message, userMessage: 'This plugin cannot be bought yet: its creator has not finished setting up payouts with Stripe' });
}

/**
 * Creators with a connected account that cannot receive transfers or payouts, or that Stripe
 * disabled, most overdue first; with their published plugins' count.
 */
export async function listRestrictedCreators(deps: Pick<AppDeps, 'prisma'>, input: { limit: number }) {
  const rows = await deps.prisma.creatorAccount.findMany({
    where: { stripeAccountId: { not: null }, OR: [{ transfersCapability: { not: 'active' } }, { transfersCapability: null }, { payoutsEnabled: false }, { disabledReason: { not: null } }] },
    select: { ...STATUS_SELECT, slug: true, displayName: true, _count: { select: { plugins: { where: { status: 'PUBLISHED' } } } } },
    orderBy: [{ disabledReason: { sort: 'asc', nulls: 'last' } }, { slug: 'asc' }],
    take: input.limit,
  });
  return { items: rows.map((row) => ({ ...toStatus(row), slug: row.slug, displayName: row.displayName, publishedPlugins: row._count.plugins })) };
}
