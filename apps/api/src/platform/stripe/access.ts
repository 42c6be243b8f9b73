import type Stripe from 'stripe';
import { AppError } from '@marketdesk/shared';
import type { AppDeps } from '../deps.ts';

/**
 * The Stripe client of this process.
 * @throws AppError PRECONDITION_FAILED when the process was started without Stripe (tests of other features).
 */
export function requireStripe(deps: Pick<AppDeps, 'stripe'>): Stripe {
  if (!deps.stripe) throw new AppError('PRECONDITION_FAILED', { message: 'Stripe is not configured in this process' });
  return deps.stripe.stripe;
}

/** True for failures where the request may or may not have reached Stripe: a retry with the same idempotency key completes it. */
export function isRetryableStripeError(error: unknown): boolean {
  const type = (error as { type?: string } | null)?.type;
  const status = (error as { statusCode?: number } | null)?.statusCode;
  return type === 'StripeConnectionError' || type === 'StripeAPIError' || type === 'StripeRateLimitError' || (status !== undefined && status >= 500);
}

/** True when Stripe answered 404 resource_missing. */
export function isMissingAtStripe(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'resource_missing' || (error as { statusCode?: number } | null)?.statusCode === 404;
}
