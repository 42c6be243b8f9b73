/** The parts of AppDeps the finance services take. */
import type { AppDeps } from '../../platform/deps.ts';

/**
 * The database: every figure and record is a read of the ledger and the payment rows. (The
 * reconciliation also takes `stripe`; nothing here reads the clock — periods are given.)
 */
export type FinanceDeps = Pick<AppDeps, 'prisma'>;
