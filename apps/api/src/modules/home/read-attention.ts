/**
 * The home's "what needs me now" for one signed-in user: a section per area their roles may open
 * the list of (the one PERMISSIONS map decides, as it decides the console's navigation).
 */
import { hasPermission, type AttentionSection, type HomeAttentionOutput, type SessionUser } from '@marketdesk/shared';
import { readCreatorAttention } from './creator-attention.ts';
import type { HomeDeps } from './deps.ts';
import { readAdminAttention, readFinanceAttention, readModerationAttention, readSupportAttention } from './staff-attention.ts';

/**
 * Sections for `user` (`{ id, roles, creatorId }`), in ATTENTION_SECTIONS order: moderation with
 * queue.read (buyer reviews waiting with reviews.moderate), finance with finance.read (webhook events with stripeEvents.read), support with
 * licenses.read, creator with submissions.readOwn and a creator account (balance and payouts
 * with creator.readOwn), admin with users.read. Counts are taken at `deps.clock.now()`.
 * @returns `{ sections: [{ section, items }], asOf }`.
 */
export async function readAttention(deps: HomeDeps, { user }: { user: Pick<SessionUser, 'id' | 'roles' | 'creatorId'> }): Promise<HomeAttentionOutput> {
  const can = (permission: Parameters<typeof hasPermission>[1]) => hasPermission(user.roles, permission);
  const reads: [AttentionSection, Promise<HomeAttentionOutput['sections'][number]['items']>][] = [];
  if (can('queue.read')) reads.push(['moderation', readModerationAttention(deps, { moderatorId: user.id, withBuyerReviews: can('reviews.moderate') })]);
  if (can('finance.read')) reads.push(['finance', readFinanceAttention(deps, { withStripeEvents: can('stripeEvents.read') })]);
  if (can('licenses.read')) reads.push(['support', readSupportAttention(deps)]);
  if (can('submissions.readOwn') && user.creatorId) {
    reads.push(['creator', readCreatorAttention(deps, { creatorId: user.creatorId, withMoney: can('creator.readOwn') })]);
  }
  if (can('users.read')) reads.push(['admin', readAdminAttention(deps)]);
  const sections = await Promise.all(reads.map(async ([section, items]) => ({ section, items: await items })));
  return { sections, asOf: deps.clock.now() };
}
