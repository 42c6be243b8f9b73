/** The parts of AppDeps the home's services take. */
import type { AppDeps } from '../../platform/deps.ts';

/** The database and the time ("overdue", "due today", "last 24 hours", running throttle windows are judged at `clock.now()`). */
export type HomeDeps = Pick<AppDeps, 'prisma' | 'clock'>;
