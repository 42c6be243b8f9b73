/** The parts of AppDeps the pricing services take. */
import type { AppDeps } from '../../platform/deps.ts';

/** The database and the time: reading and saving tiers, issuing free licenses. */
export type PricingDeps = Pick<AppDeps, 'prisma' | 'clock'>;
