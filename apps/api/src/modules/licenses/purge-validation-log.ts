/**
 * The validation log's retention: rows older than LICENSE_VALIDATION_LOG_RETENTION_DAYS go, in
 * bounded batches so that one run never holds a long lock or a huge transaction (a flood's rows
 * are cleared over several batches, and over several runs if it comes to that).
 */
import { LICENSE_VALIDATION_LOG_RETENTION_DAYS } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';

/** Rows one DELETE removes at most. */
export const VALIDATION_PURGE_BATCH = 5000;
/** Batches one run removes at most (then the next run goes on). */
export const VALIDATION_PURGE_MAX_BATCHES = 100;
/** How often every API process purges, ms (a DELETE by time: processes running it at once do no harm). */
export const VALIDATION_PURGE_INTERVAL_MS = 60 * 60_000;

/**
 * Deletes LicenseValidation rows that occurred more than LICENSE_VALIDATION_LOG_RETENTION_DAYS
 * (30) days before `deps.clock.now()`, `input.batchSize` rows per statement (default
 * VALIDATION_PURGE_BATCH), until none is left or `input.maxBatches` statements ran.
 * @returns how many rows went.
 */
export async function purgeValidationLog(deps: Pick<AppDeps, 'prisma' | 'clock'>, input: { batchSize?: number; maxBatches?: number } = {}): Promise<{ deleted: number }> {
  const { batchSize = VALIDATION_PURGE_BATCH, maxBatches = VALIDATION_PURGE_MAX_BATCHES } = input;
  const cutoff = new Date(deps.clock.now().getTime() - LICENSE_VALIDATION_LOG_RETENTION_DAYS * 86_400_000);
  let deleted = 0;
  for (let batch = 0; batch < maxBatches; batch += 1) {
    const count = await deps.prisma.$executeRaw`
      DELETE FROM "LicenseValidation" WHERE id IN (
        SELECT id FROM "LicenseValidation" WHERE "occurredAt" < ${cutoff}::timestamp ORDER BY "occurredAt" LIMIT ${batchSize}::int)`;
    deleted += count;
    if (count < batchSize) break;
  }
  return { deleted };
}
