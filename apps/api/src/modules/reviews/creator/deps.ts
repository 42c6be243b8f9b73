/** The parts of AppDeps the creators' review services take: the database and the time. */
import type { AppDeps } from '../../../platform/deps.ts';

export type CreatorReviewsDeps = Pick<AppDeps, 'prisma' | 'clock'>;
