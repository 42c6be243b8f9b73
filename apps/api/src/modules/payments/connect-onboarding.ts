/**
 * Creators' Stripe Connect onboarding through Account Links: Stripe's hosted onboarding for the
 * creator's Express account (docs.stripe.com/connect/express-accounts). What it changes comes
 * back as account.updated (sync-connect.ts) or a re-read (connect-status.ts).
 */
import { AppError } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { requireStripe } from '../../platform/stripe/access.ts';
import { ensureConnectedAccount } from './create-purchase.ts';

/**
 * An Account Link (type account_onboarding) for creator `input.creatorId`, making the creator's
 * Express account first if there is none. Stripe sends the creator to `returnUrl` when done and
 * to `refreshUrl` when the link expired (absolute URLs).
 * @returns the hosted onboarding URL and its expiry (Unix seconds).
 * @throws AppError PRECONDITION_FAILED without Stripe; UPSTREAM_FAILED when Stripe fails.
 */
export async function createOnboardingLink(deps: Pick<AppDeps, 'prisma' | 'stripe'>, input: { creatorId: string; returnUrl: string; refreshUrl: string }): Promise<{ url: string; expiresAt: number }> {
  const stripe = requireStripe(deps);
  try {
    const account = await ensureConnectedAccount(deps, { creatorId: input.creatorId });
    const link = await stripe.accountLinks.create({ account, type: 'account_onboarding', return_url: input.returnUrl, refresh_url: input.refreshUrl });
    return { url: link.url, expiresAt: link.expires_at };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('UPSTREAM_FAILED', { message: `Stripe failed making an account link for creator ${input.creatorId}: ${(error as Error).message}`, userMessage: 'Stripe did not answer; try again', cause: error });
  }
}
