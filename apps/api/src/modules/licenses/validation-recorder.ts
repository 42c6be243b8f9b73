/**
 * Validation counts per license per UTC day (LicenseValidationDay, for the support chart) and
 * machines' last-seen times, gathered in memory and written in one statement each per flush
 * (every second, and on close), so that a validation costs one read and no write. Only these
 * counters are buffered; a license's status is always read from the database. A crash loses at
 * most one interval of counts.
 */
import type { Logger } from 'pino';
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';

export const FLUSH_INTERVAL_MS = 1000;

export class ValidationRecorder {
  private counts = new Map<string, { licenseId: string; day: string; count: number }>();
  private seen = new Map<string, Date>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly prisma: PrismaClient, private readonly log: Logger, intervalMs = FLUSH_INTERVAL_MS) {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  /** Counts one validation of `licenseId` at `now`; `activationId`: the machine that asked, seen now. */
  record(licenseId: string, activationId: string | null, now = new Date()): void {
    const day = now.toISOString().slice(0, 10);
    const key = `${licenseId}|${day}`;
    const entry = this.counts.get(key);
    if (entry) entry.count += 1;
    else this.counts.set(key, { licenseId, day, count: 1 });
    if (activationId) this.seen.set(activationId, now);
  }

  /** Writes what was gathered (upsert-increment per license and day). Failures are logged and kept for the next flush. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  private async write(): Promise<void> {
    const counts = [...this.counts.values()];
    const seen = [...this.seen.entries()];
    this.counts = new Map();
    this.seen = new Map();
    try {
      if (counts.length > 0) {
        const rows = Prisma.join(counts.map((c) => Prisma.sql`(${c.licenseId}, ${c.day}::date, ${c.count}::int)`));
        await this.prisma.$executeRaw`
          INSERT INTO "LicenseValidationDay" ("licenseId", day, count) VALUES ${rows}
          ON CONFLICT ("licenseId", day) DO UPDATE SET count = "LicenseValidationDay".count + EXCLUDED.count`;
      }
      if (seen.length > 0) {
        const rows = Prisma.join(seen.map(([id, at]) => Prisma.sql`(${id}, ${at}::timestamp)`));
        await this.prisma.$executeRaw`
          UPDATE "Activation" a SET "lastSeenAt" = v.seen FROM (VALUES ${rows}) AS v(id, seen)
           WHERE a.id = v.id AND a."lastSeenAt" < v.seen`;
      }
    } catch (error) {
      this.log.warn({ err: error }, 'could not record license validations; retrying with the next flush');
      for (const c of counts) {
        const key = `${c.licenseId}|${c.day}`;
        const entry = this.counts.get(key);
        if (entry) entry.count += c.count;
        else this.counts.set(key, c);
      }
      for (const [id, at] of seen) if (!this.seen.has(id)) this.seen.set(id, at);
    }
  }

  /** Stops the timer and writes what is left. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
