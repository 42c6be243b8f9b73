/** The parts of AppDeps the payments services take. */
import type { AppDeps } from '../../platform/deps.ts';

/**
 * The database, Stripe and the time: the syncs, the webhook inbox and refunds. `stripe` is the
 * process's StripeAccess; a service reads the client with `requireStripe(deps)`, which throws
 * AppError PRECONDITION_FAILED in a process started without Stripe.
 */
export type PaymentsDeps = Pick<AppDeps, 'prisma' | 'stripe' | 'clock'>;
