/**
 * The hourly and daily ledger totals that finance analytics read: kept by the insert trigger exactly as a
 * rebuild from the entries would make them, and every figure read through them equal to the
 * same sum taken over the entries — for periods that do not start on the hour and for time
 * zones whose offsets are not whole hours (embedded PGlite, or DATABASE_URL's server). The totals
 * are trigger-owned: every write but a posting's and `rebuildLedgerTotals`' is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postLedgerTransaction, type LedgerAccountType } from '../../src/modules/payments/ledger.ts';
import { rebuildLedgerTotals } from '../../src/modules/payments/ledger-totals.ts';
import { readKpis, readSeries } from '../../src/modules/finance/analytics.ts';
import { openTestDatabase, type TestDatabase } from '../harness.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
  // 400 sales and 60 refunds at pseudo-random instants over 2025 (a fixed LCG: reproducible).
  let state = 42;
  const next = (n: number) => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) % n;
  const postings = Array.from({ length: 460 }, (_, i) => {
    const occurredAt = new Date(Date.UTC(2025, 0, 1) + next(365 * 24 * 60) * 60_000 + next(60_000));
    const amount = 500 + next(5000);
    const fee = Math.round(amount / 10);
    const entries: { accountType: LedgerAccountType; amount: number }[] = i < 400
      ? [{ accountType: 'BUYER_PAYMENTS', amount: -amount }, { accountType: 'CREATOR_PAYABLE', amount: amount - fee }, { accountType: 'PLATFORM_FEES', amount: fee }]
      : [{ accountType: 'REFUNDS', amount }, { accountType: 'CREATOR_PAYABLE', amount: -(amount - fee) }, { accountType: 'PLATFORM_FEES', amount: -fee }];
    return { externalKey: `test:${i}`, kind: i < 400 ? 'payment' as const : 'refund' as const, currency: i % 7 === 0 ? 'eur' : 'usd', occurredAt, entries };
  });
  // Several postings per database transaction, as a worker draining a batch would.
  for (let i = 0; i < postings.length; i += 20) {
    await db.prisma.$transaction(async (tx) => {
      for (const posting of postings.slice(i, i + 20)) await postLedgerTransaction(tx, posting);
    });
  }
});
afterAll(async () => db?.close());

const totalsTable = async () => ({
  hourly: await db.query(`SELECT currency, hour, "accountType", amount::text, "entryCount" FROM "LedgerHourlyTotal" ORDER BY 1, 2, 3`),
  daily: await db.query(`SELECT currency, day, "accountType", amount::text, "entryCount" FROM "LedgerDailyTotal" ORDER BY 1, 2, 3`),
});

/** Σ entries per account of [from, to) in `currency`, straight from LedgerEntry. */
async function entrySums(currency: string, from: Date, to: Date): Promise<Record<string, number>> {
  const rows = await db.query<{ account: string; total: string }>(
    `SELECT "accountType" AS account, SUM(amount)::text AS total FROM "LedgerEntry" WHERE currency = $1 AND "occurredAt" >= $2 AND "occurredAt" < $3 GROUP BY 1`,
    [currency, from, to]);
  return Object.fromEntries(rows.map((r) => [r.account, Number(r.total)]));
}

describe('hourly and daily ledger totals', () => {
  it('are what a rebuild from the entries makes', async () => {
    const kept = await totalsTable();
    expect(kept.hourly.length).toBeGreaterThan(300);
    expect(kept.daily.length).toBeGreaterThan(200);
    await rebuildLedgerTotals({ prisma: db.prisma });
    expect(await totalsTable()).toEqual(kept);
  });

  it('give KPIs equal to sums over the entries, also for a period that starts and ends mid-hour', async () => {
    for (const [from, to] of [
      [new Date('2025-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z')],
      [new Date('2025-03-09T07:41:13.250Z'), new Date('2025-10-02T18:05:59.999Z')],
      [new Date('2025-06-01T10:15:00Z'), new Date('2025-06-01T10:45:00Z')],
      [new Date('2025-06-01T10:15:00Z'), new Date('2025-06-03T01:00:00Z')],
      [new Date('2025-02-01T00:00:00Z'), new Date('2025-02-01T18:00:00Z')],
    ] as const) {
      const kpis = await readKpis({ prisma: db.prisma }, { from, to, currency: 'usd' });
      const sums = await entrySums('usd', from, to);
      expect({ gross: kpis.grossVolume, refunds: kpis.refunds, fees: kpis.platformFees, creator: kpis.creatorEarnings })
        .toEqual({ gross: -(sums.BUYER_PAYMENTS ?? 0), refunds: sums.REFUNDS ?? 0, fees: sums.PLATFORM_FEES ?? 0, creator: sums.CREATOR_PAYABLE ?? 0 });
      const [payments] = await db.query<{ n: string }>(
        `SELECT COUNT(*)::text AS n FROM "LedgerEntry" WHERE currency = 'usd' AND "accountType" = 'BUYER_PAYMENTS' AND "occurredAt" >= $1 AND "occurredAt" < $2`, [from, to]);
      expect(kpis.paymentCount).toBe(Number(payments!.n));
    }
  });

  it.each([
    ['UTC', 'month'], ['UTC', 'day'], ['UTC', 'week'], ['America/New_York', 'day'], ['Europe/Berlin', 'week'], ['Asia/Kolkata', 'day'], ['Asia/Kathmandu', 'month'],
  ] as const)('give a %s %s series equal to buckets over the entries', async (timeZone, interval) => {
    const period = { from: new Date('2025-02-01T00:00:00Z'), to: new Date('2025-11-15T12:30:00Z'), currency: 'usd' };
    const series = await readSeries({ prisma: db.prisma }, { ...period, interval, timeZone });
    const expected = await db.query<{ bucket: string; gross: string }>(
      `SELECT to_char(date_trunc($4, ("occurredAt" AT TIME ZONE 'UTC') AT TIME ZONE $5), 'YYYY-MM-DD') AS bucket, (-SUM(amount))::text AS gross
         FROM "LedgerEntry" WHERE currency = $1 AND "accountType" = 'BUYER_PAYMENTS' AND "occurredAt" >= $2 AND "occurredAt" < $3
        GROUP BY 1 ORDER BY 1`,
      [period.currency, period.from, period.to, interval, timeZone]);
    expect(series.points.filter((p) => p.grossVolume !== 0).map((p) => [p.bucket, p.grossVolume]))
      .toEqual(expected.map((r) => [r.bucket, Number(r.gross)]));
  });
});

describe('the ledger is append-only in the database', () => {
  it('refuses UPDATE, DELETE and TRUNCATE (with or without CASCADE) of its transactions and entries', async () => {
    const count = async () => (await db.query<{ n: string }>('SELECT count(*)::text AS n FROM "LedgerEntry"'))[0]!.n;
    const before = await count();
    await expect(db.query('UPDATE "LedgerEntry" SET amount = 0')).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM "LedgerTransaction"')).rejects.toThrow(/append-only/);
    for (const statement of ['TRUNCATE "LedgerEntry"', 'TRUNCATE "LedgerEntry" CASCADE', 'TRUNCATE "LedgerTransaction" CASCADE']) {
      await expect(db.query(statement), statement).rejects.toThrow(/append-only/);
    }
    expect(await count()).toBe(before);
    expect(Number(before)).toBeGreaterThan(0);
  });
});

const TOTALS = [['LedgerHourlyTotal', 'hour'], ['LedgerDailyTotal', 'day']] as const;

/** Totals rows that differ from the same sums taken over the entries (none when they agree). */
async function totalsDrift(): Promise<unknown[]> {
  const drifted: unknown[] = [];
  for (const [table, unit] of TOTALS) {
    drifted.push(...await db.query(`
      SELECT '${table}' AS "table", COALESCE(t.${unit}, e.${unit}) AS at
        FROM "${table}" t
        FULL JOIN (SELECT currency, date_trunc('${unit}', "occurredAt") AS ${unit}, "accountType", SUM(amount) AS amount, COUNT(*)::int AS n
                     FROM "LedgerEntry" GROUP BY 1, 2, 3) e USING (currency, ${unit}, "accountType")
       WHERE t.amount IS DISTINCT FROM e.amount OR t."entryCount" IS DISTINCT FROM e.n`));
  }
  return drifted;
}

describe('the hourly and daily totals are trigger-owned in the database', () => {
  it.each(TOTALS)('refuses INSERT, UPDATE, DELETE and TRUNCATE of %s', async (table, unit) => {
    const before = await totalsTable();
    for (const [op, statement] of [
      ['INSERT', `INSERT INTO "${table}" (currency, ${unit}, "accountType", amount, "entryCount") VALUES ('usd', '2030-01-01', 'PLATFORM_FEES', 1, 1)`],
      ['UPDATE', `UPDATE "${table}" SET amount = amount + 1`],
      ['DELETE', `DELETE FROM "${table}"`],
      ['TRUNCATE', `TRUNCATE "${table}"`],
    ] as const) {
      await expect(db.query(statement), statement).rejects.toThrow(`${table} is trigger-owned: ${op} refused`);
    }
    expect(await totalsTable()).toEqual(before);
  });

  it.each([
    ['LedgerEntry', 'STATEMENT', 'UPDATE "LedgerHourlyTotal" SET amount = amount + 1'],
    ['LedgerHourlyTotal', 'ROW', 'UPDATE "LedgerDailyTotal" SET amount = amount + 1'],
  ] as const)('refuses a write from a trigger of its own on %s, even while a posting writes the totals', async (table, level, forgery) => {
    // All in one DO block that always fails, so the trigger and the posting never stay behind.
    const attempt = db.query(`DO $do$ BEGIN
      CREATE FUNCTION forge_ledger_totals() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN ${forgery}; RETURN NULL; END; $f$;
      CREATE TRIGGER forge AFTER INSERT ON "${table}" FOR EACH ${level} EXECUTE FUNCTION forge_ledger_totals();
      INSERT INTO "LedgerTransaction" (id, "externalKey", kind, "occurredAt") VALUES ('ltx_forged', 'test:forged', 'payment', '2025-05-05T05:05:05Z');
      INSERT INTO "LedgerEntry" ("transactionId", "accountType", amount, currency, "occurredAt")
        VALUES ('ltx_forged', 'BUYER_PAYMENTS', -100, 'usd', '2025-05-05T05:05:05Z'), ('ltx_forged', 'PLATFORM_FEES', 100, 'usd', '2025-05-05T05:05:05Z');
      RAISE EXCEPTION 'the forged write was not refused';
    END $do$`);
    await expect(attempt).rejects.toThrow(/is trigger-owned: UPDATE refused/);
    expect(await totalsDrift()).toEqual([]);
  });

  it('still adds a posting to its hour and day', async () => {
    const occurredAt = new Date('2025-07-14T09:30:00Z');
    const read = async () => Object.fromEntries(await Promise.all(TOTALS.map(async ([table, unit]) => [table, (await db.query<{ amount: string; n: number }>(
      `SELECT amount::text AS amount, "entryCount" AS n FROM "${table}" WHERE currency = 'usd' AND ${unit} = date_trunc('${unit}', $1::timestamp) AND "accountType" = 'PLATFORM_FEES'`,
      ['2025-07-14 09:30:00']))[0] ?? { amount: '0', n: 0 }] as const)));
    const before = await read();
    await db.prisma.$transaction(async (tx) => postLedgerTransaction(tx, {
      externalKey: 'test:after-guard', kind: 'payment', currency: 'usd', occurredAt,
      entries: [{ accountType: 'BUYER_PAYMENTS', amount: -1234 }, { accountType: 'PLATFORM_FEES', amount: 1234 }],
    }));
    const after = await read();
    for (const [table] of TOTALS) {
      expect(after[table], table).toEqual({ amount: String(Number(before[table]!.amount) + 1234), n: before[table]!.n + 1 });
    }
    expect(await totalsDrift()).toEqual([]);
  });

  it('lets rebuildLedgerTotals bring them back to the entries after a bulk load that bypassed the triggers', async () => {
    // As the bench loads: triggers off, so the entries land and the totals do not move.
    await db.query(`DO $$ BEGIN
      SET LOCAL session_replication_role = replica;
      INSERT INTO "LedgerTransaction" (id, "externalKey", kind, "occurredAt")
        SELECT 'ltx_bulk_' || g, 'test:bulk:' || g, 'payment', timestamp '2025-08-01' + g * interval '37 minutes' FROM generate_series(1, 50) g;
      INSERT INTO "LedgerEntry" ("transactionId", "accountType", amount, currency, "occurredAt")
        SELECT 'ltx_bulk_' || g, a.account::"LedgerAccountType", a.sign * (100 + g), 'usd', timestamp '2025-08-01' + g * interval '37 minutes'
          FROM generate_series(1, 50) g, (VALUES ('BUYER_PAYMENTS', -1), ('CREATOR_PAYABLE', 1)) AS a(account, sign);
    END $$`);
    expect((await totalsDrift()).length).toBeGreaterThan(0);
    await rebuildLedgerTotals({ prisma: db.prisma });
    expect(await totalsDrift()).toEqual([]);
    // A second rebuild, now over totals it wrote itself, changes nothing.
    const rebuilt = await totalsTable();
    await rebuildLedgerTotals({ prisma: db.prisma });
    expect(await totalsTable()).toEqual(rebuilt);
  });
});
