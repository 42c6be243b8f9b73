/**
 * The license read of the public license API, batched. Every validate, activate check and usage
 * report reads its License row from the database (a revocation made by any process is answered
 * on the very next call), so under load the read is most of a validation's cost: a round trip,
 * and PostgreSQL parsing, planning and answering one small query per call. LicenseReads sends
 * the reads that arrive while earlier ones are in flight as one statement over arrays of key ids
 * and fingerprints (`unnest … WITH ORDINALITY`), one statement at a time by default:
 * an idle process answers a lone read at once, as before, and a busy one reads tens of licenses
 * per round trip. A read is never answered from older data than a lone read would be: its
 * statement starts after the call arrived, so it sees every change committed before the call.
 */
import { SIGNING_KEYS_VERSION_SQL } from './verified-key-cache.ts';

/** Runs one SQL statement on the pool (Database.query; `name` makes it a prepared statement). */
export type RunLicenseQuery = <T>(sql: string, params: unknown[], name?: string) => Promise<T[]>;

/**
 * The licenses named by `$1` (key ids, text[]) with, for each, the activation of the fingerprint
 * at the same position of `$2` (text[], null for none); `$3` is the renewal suspension's reason
 * prefix. "i" is the read's 1-based position. Dates are read as UTC timestamps (the pool's
 * parser makes them Dates). The signing keys' version is computed once per statement.
 */
const READ_BATCH_SQL = `
  WITH q AS (SELECT * FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS q("keyId", fingerprint, i)),
       kv AS (SELECT ${SIGNING_KEYS_VERSION_SQL} AS v)
  SELECT q.i::int AS i, l.id, l.status::text AS status, l."pluginId", l.entitlements, l."machineLimit", l."expiresAt" AT TIME ZONE 'UTC' AS "expiresAt",
    (l.status = 'SUSPENDED' AND l."statusChangedById" IS NULL AND starts_with(coalesce(l."statusReason", ''), $3)) AS "isPaymentSuspension",
    EXISTS (SELECT 1 FROM "PluginTier" qt WHERE qt.id = l."tierId" AND jsonb_array_length(qt.quotas) > 0) AS "hasQuotas",
    (SELECT count(*)::int FROM "Activation" a WHERE a."licenseId" = l.id AND a."deactivatedAt" IS NULL) AS machines,
    (SELECT a.id FROM "Activation" a WHERE a."licenseId" = l.id AND a.fingerprint = q.fingerprint AND a."deactivatedAt" IS NULL) AS "activationId",
    t.key AS "tierKey", t.name AS "tierName", l."trialEndsAt" AT TIME ZONE 'UTC' AS "trialEndsAt", kv.v AS "keysVersion",
    CASE WHEN l."trialEndsAt" IS NOT NULL THEN (SELECT p.name FROM "Plugin" p WHERE p.id = l."pluginId") END AS "pluginName",
    CASE WHEN l."trialEndsAt" IS NOT NULL THEN coalesce((SELECT round(extract(epoch FROM tr."endsAt" - tr."startedAt") / 86400)::int FROM "Trial" tr WHERE tr."licenseId" = l.id), t."trialDays") END AS "trialDays"
  FROM q CROSS JOIN kv JOIN "License" l ON l."keyId" = q."keyId" LEFT JOIN "PluginTier" t ON t.id = l."tierId"`;

/** Reads grouped into one statement at most (a bound on the arrays' size). */
export const MAX_READS_PER_STATEMENT = 256;

/**
 * Statements in flight at once by default. One: the next batch gathers while a statement runs.
 * On the license bench (32 connections, PostgreSQL on the same 2 cores) one in flight answered
 * about 6,000 validations/s against 5,300 with two (three runs each way, one session).
 */
export const DEFAULT_READS_IN_FLIGHT = 1;

interface PendingRead<Row> {
  keyId: string;
  fingerprint: string | null;
  resolve: (row: Row | null) => void;
  reject: (error: unknown) => void;
}

/**
 * Batched license reads over `query` (see the file's comment). `Row` is the license row shape
 * the caller selects (license-api.ts LicenseRow); `paymentSuspensionPrefix` is `$3`.
 */
export class LicenseReads<Row> {
  readonly #query: RunLicenseQuery;
  readonly #paymentSuspensionPrefix: string;
  readonly #maxInFlight: number;
  #pending: PendingRead<Row>[] = [];
  #inFlight = 0;

  constructor(query: RunLicenseQuery, paymentSuspensionPrefix: string, maxInFlight = DEFAULT_READS_IN_FLIGHT) {
    this.#query = query;
    this.#paymentSuspensionPrefix = paymentSuspensionPrefix;
    this.#maxInFlight = Math.max(1, maxInFlight);
  }

  /**
   * The license whose key id is `keyId` (a license key's `jti`), with the activation of
   * `fingerprint` if any, as committed when its statement started.
   * @returns the row, or null when no license has that key id.
   * @throws the statement's database error (every read grouped in it fails with it).
   */
  read(keyId: string, fingerprint: string | null): Promise<Row | null> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ keyId, fingerprint, resolve, reject });
      this.#send();
    });
  }

  #send(): void {
    while (this.#inFlight < this.#maxInFlight && this.#pending.length > 0) {
      const batch = this.#pending.splice(0, MAX_READS_PER_STATEMENT);
      this.#inFlight += 1;
      this.#run(batch).finally(() => {
        this.#inFlight -= 1;
        this.#send();
      });
    }
  }

  async #run(batch: PendingRead<Row>[]): Promise<void> {
    try {
      const rows = await readLicenseRows<Row>(this.#query, this.#paymentSuspensionPrefix, batch);
      batch.forEach((read, index) => read.resolve(rows[index]!));
    } catch (error) {
      for (const read of batch) read.reject(error);
    }
  }
}

/**
 * One statement reading the licenses of `reads` (key id and fingerprint each), unbatched.
 * @returns each read's row or null, in the order of `reads`.
 * @throws the database's error.
 */
export async function readLicenseRows<Row>(query: RunLicenseQuery, paymentSuspensionPrefix: string, reads: readonly { keyId: string; fingerprint: string | null }[]): Promise<(Row | null)[]> {
  const rows = await query<Row & { i: number }>(READ_BATCH_SQL, [reads.map((read) => read.keyId), reads.map((read) => read.fingerprint), paymentSuspensionPrefix], 'license-read-batch');
  const byPosition = new Map(rows.map(({ i, ...row }) => [Number(i), row as Row]));
  return reads.map((_, index) => byPosition.get(index + 1) ?? null);
}
