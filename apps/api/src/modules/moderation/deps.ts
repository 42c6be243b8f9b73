/** The parts of AppDeps the moderation services take (the scanner under ./scanner takes none). */
import type { AppDeps } from '../../platform/deps.ts';

/** The database and the time: claims and their expiry, due dates, decisions, replies, flags. */
export type ModerationDeps = Pick<AppDeps, 'prisma' | 'clock'>;

/**
 * ModerationDeps plus the data folder (`config.dataDir`) holding uploads (`uploads/`) and the
 * submitted package tarballs (`packages/`): submitting and scanning.
 */
export type PackageDeps = ModerationDeps & { config: Pick<AppDeps['config'], 'dataDir'> };
