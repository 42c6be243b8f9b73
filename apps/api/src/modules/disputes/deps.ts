/** The parts of AppDeps the disputes services take: the database, Stripe (requireStripe) and the time. */
import type { AppDeps } from '../../platform/deps.ts';

export type DisputesDeps = Pick<AppDeps, 'prisma' | 'stripe' | 'clock'>;
