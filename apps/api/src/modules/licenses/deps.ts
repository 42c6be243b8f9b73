/** The parts of AppDeps the licenses services take. */
import type { AppDeps } from '../../platform/deps.ts';

/** The database and the time: support's license actions, the signing keys' rotation and publication. */
export type LicensesDeps = Pick<AppDeps, 'prisma' | 'clock'>;
