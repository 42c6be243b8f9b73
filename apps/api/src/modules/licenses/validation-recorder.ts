/**
 * Validation counts per license per UTC day (LicenseValidationDay, for the support chart),
 * machines' last-seen times and the validation log (LicenseValidation: each answer to a known
 * license, for support's "why does my plugin say invalid?"), gathered in memory and written in
 * one statement each per flush — every FLUSH_INTERVAL_MS, as soon as FLUSH_AT_ENTRIES log entries
 * are waiting, and on close (the server's onClose, after in-flight requests end: a graceful
 * shutdown loses nothing) — so that a validation costs one read and no write. Only these records
 * are buffered; a license's status is always read from the database. A process killed outright
 * (kill -9, power loss) loses what it had not flushed: at most one interval (1 s) or
 * FLUSH_AT_ENTRIES answers of counts, log entries and last-seen times, whichever is fewer. The
 * log's buffer is bounded (MAX_BUFFERED_VALIDATIONS, reached only while flushes fail): past it the
 * oldest entries are dropped, with a warning. Each statement sends its rows as a few arrays, so what
 * an outage leaves waiting (every license and machine seen meanwhile) fits in one flush.
 */
import type { Logger } from 'pino';
import type { PrismaClient } from '../../generated/prisma/client.ts';

export const FLUSH_INTERVAL_MS = 1000;
/** Log entries that start a flush before the interval ends (one INSERT of this many rows takes a few ms). */
export const FLUSH_AT_ENTRIES = 5000;
/** Most validation-log entries held between flushes; past it the oldest are dropped (memory stays bounded). */
export const MAX_BUFFERED_VALIDATIONS = 20_000;

/** One answer of the public API to a known license, as the validation log keeps it. */
export interface ValidationLogEntry {
  licenseId: string;
  occurredAt: Date;
  /** The result code answered (VALID, SUSPENDED, TOO_MANY_MACHINES, …). */
  code: string;
  fingerprint: string | null;
  /** The client address truncated (client-info.ts toIpPrefix), never the whole address. */
  ipPrefix: string | null;
  userAgent: string | null;
  pluginVersion: string | null;
}

export class ValidationRecorder {
  private counts = new Map<string, { licenseId: string; day: string; count: number }>();
  private seen = new Map<string, Date>();
  private entries: ValidationLogEntry[] = [];
  private droppedEntries = 0;
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly prisma: PrismaClient, private readonly log: Logger, intervalMs = FLUSH_INTERVAL_MS, private readonly maxEntries = MAX_BUFFERED_VALIDATIONS,
    private readonly flushAtEntries = FLUSH_AT_ENTRIES,
  ) {
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

  /**
   * Adds one answer to the validation log; the `flushAtEntries`-th waiting entry starts a flush;
   * past `maxEntries` buffered, the oldest is dropped (counted, warned at the next flush).
   */
  recordAnswer(entry: ValidationLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length === this.flushAtEntries) void this.flush();
    if (this.entries.length > this.maxEntries) {
      this.entries.shift();
      this.droppedEntries += 1;
    }
  }

  /** Writes what was gathered (upsert-increment per license and day, last-seen times, one INSERT of log entries), a statement each. Failures are logged and kept for the next flush. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  private async write(): Promise<void> {
    const counts = [...this.counts.values()];
    const seen = [...this.seen.entries()];
    const entries = this.entries;
    this.counts = new Map();
    this.seen = new Map();
    this.entries = [];
    if (this.droppedEntries > 0) {
      this.log.warn({ dropped: this.droppedEntries, cap: this.maxEntries }, 'validation log buffer full: dropped the oldest entries');
      this.droppedEntries = 0;
    }
    try {
      // Arrays unnested into rows: three and two parameters however many licenses and machines wait
      // (a VALUES list would pass PostgreSQL's 65,535-parameter limit after an outage, and fail for good).
      if (counts.length > 0) {
        await this.prisma.$executeRaw`
          INSERT INTO "LicenseValidationDay" ("licenseId", day, count)
          SELECT * FROM unnest(${counts.map((c) => c.licenseId)}::text[], ${counts.map((c) => c.day)}::date[], ${counts.map((c) => c.count)}::int[])
          ON CONFLICT ("licenseId", day) DO UPDATE SET count = "LicenseValidationDay".count + EXCLUDED.count`;
      }
      if (seen.length > 0) {
        await this.prisma.$executeRaw`
          UPDATE "Activation" a SET "lastSeenAt" = v.seen
            FROM unnest(${seen.map(([id]) => id)}::text[], ${seen.map(([, at]) => at.toISOString())}::timestamp(3)[]) AS v(id, seen)
           WHERE a.id = v.id AND a."lastSeenAt" < v.seen`;
      }
      if (entries.length > 0) await this.writeEntries(entries);
    } catch (error) {
      this.log.warn({ err: error }, 'could not record license validations; retrying with the next flush');
      for (const c of counts) {
        const key = `${c.licenseId}|${c.day}`;
        const entry = this.counts.get(key);
        if (entry) entry.count += c.count;
        else this.counts.set(key, c);
      }
      for (const [id, at] of seen) if (!this.seen.has(id)) this.seen.set(id, at);
      // Older entries go back in front of what came meanwhile, within the same cap (the overflow is counted as dropped).
      const kept = [...entries, ...this.entries];
      this.droppedEntries += Math.max(0, kept.length - this.maxEntries);
      this.entries = kept.slice(-this.maxEntries);
    }
  }

  /**
   * One INSERT for every entry: seven arrays unnested into rows, so the statement has seven
   * parameters however many rows (a VALUES list would hit PostgreSQL's 65,535-parameter limit).
   * Times are sent as ISO strings and read as UTC `timestamp`, as Prisma stores DateTime.
   */
  private async writeEntries(entries: ValidationLogEntry[]): Promise<void> {
    const column = <K extends keyof ValidationLogEntry>(key: K) => entries.map((e) => e[key]);
    await this.prisma.$executeRaw`
      INSERT INTO "LicenseValidation" ("licenseId", "occurredAt", code, fingerprint, "ipPrefix", "userAgent", "pluginVersion")
      SELECT * FROM unnest(${column('licenseId')}::text[], ${entries.map((e) => e.occurredAt.toISOString())}::timestamp(3)[], ${column('code')}::text[],
        ${column('fingerprint')}::text[], ${column('ipPrefix')}::text[], ${column('userAgent')}::text[], ${column('pluginVersion')}::text[])`;
  }

  /** Stops the timer and writes what is left; what a failing database keeps it from writing is logged as lost (an error). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    if (this.entries.length > 0 || this.counts.size > 0) {
      const validations = [...this.counts.values()].reduce((sum, c) => sum + c.count, 0);
      this.log.error({ validations, logEntries: this.entries.length }, 'closing with license validations not recorded (the database refused the last flush): they are lost');
    }
  }
}
