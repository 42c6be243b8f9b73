/**
 * The review queue's first page on the PostgreSQL server, as a moderator opens it: the default
 * tab, overdue with critical findings, unclaimed with a score range, one creator's, and "mine" —
 * each with the tab counts (listQueue). At 100,000 submissions beside the baseline, measured in
 * the same database in alternating rounds: the page without the partial indexes of migration
 * queue_indexes and the tab counts as one FILTER count over every open submission (the shape
 * they replaced). At 1,000,000 submissions: the figure. Target: p95 under 50 ms at 100k.
 * Time is fixed (the data is laid out around AT and the clock stands at AT), so claims do not
 * expire while a large build runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { listQueue, listQueuePage, type ModerationDeps } from '../src/modules/moderation/index.ts';
import { MIGRATIONS_DIR } from '../src/platform/db/migrations.ts';
import { createTestUser, openTestDatabase, type TestDatabase } from '../test/harness.ts';
import { ms, sample, type BenchRow } from './measure.ts';

const PLUGINS = 5_000;
const CREATORS = 500;
const CHUNK = 100_000;
const AT = new Date('2026-12-01T12:00:00.000Z');
const TARGET = 'p95 < 50 ms';

type QueueCase = Omit<Parameters<typeof listQueue>[1], 'moderatorId'>;
const base = { status: 'PENDING' as const, due: 'all' as const, claim: 'all' as const, limit: 25 };
const TABS: [string, QueueCase][] = [
  ['default tab (pending by due date)', base],
  ['overdue + critical findings', { ...base, due: 'overdue', hasCriticalFindings: true }],
  ['unclaimed, score 40–80', { ...base, claim: 'unclaimed', scoreMin: 40, scoreMax: 80 }],
  ['one creator', { ...base, creatorId: 'c42' }],
  ['mine', { ...base, claim: 'mine' }],
];

/**
 * `submissions` submissions over 5,000 plugins of 500 creators: half pending, a sixth changes
 * requested, the rest decided; due dates from 25 days before AT to 58 days after (30 % of the
 * pending overdue); every 17th with a critical finding; every 50th claimed by `moderatorId`, the
 * claim ended an hour before AT except on three pending ones where it runs until AT + 5 minutes
 * (a moderator holds at most 3 claims; ended claims stay on the rows until someone else claims).
 * Inserted in chunks of 100,000, then VACUUM ANALYZE (the visibility map and statistics a table
 * in service has from autovacuum).
 */
async function fillQueue(db: TestDatabase, submissions: number, moderatorId: string): Promise<void> {
  const at = `TIMESTAMP '${AT.toISOString().slice(0, 23).replace('T', ' ')}'`;
  await db.query(`INSERT INTO "CreatorAccount" (id, slug, "displayName", "updatedAt") SELECT 'c' || g, '@bench-' || g, 'Bench ' || g, ${at} FROM generate_series(1, ${CREATORS}) g`);
  await db.query(`INSERT INTO "Plugin" (id, name, "creatorId", "priceAmount", "updatedAt") SELECT 'p' || g, 'bench-plugin-' || g, 'c' || (1 + g % ${CREATORS}), 1900, ${at} FROM generate_series(1, ${PLUGINS}) g`);
  // Bulk load without the per-row foreign-key checks (every row points at a row inserted above).
  for (let from = 1; from <= submissions; from += CHUNK) {
    const to = Math.min(submissions, from + CHUNK - 1);
    await db.query(`
      DO $$ BEGIN
        SET LOCAL session_replication_role = replica;
        INSERT INTO "PluginVersion" (id, "pluginId", version) SELECT 'v' || g, 'p' || (1 + g % ${PLUGINS}), '1.0.' || g FROM generate_series(${from}, ${to}) g;
        INSERT INTO "Submission" (id, "pluginVersionId", "pluginId", "creatorId", status, "queueReasons", "dueAt", "submittedAt", "updatedAt", "qualityScore", "hasCriticalFindings", "reportStatus", "claimedById", "claimExpiresAt")
        SELECT 's' || g, 'v' || g, 'p' || (1 + g % ${PLUGINS}), 'c' || (1 + (g % ${PLUGINS}) % ${CREATORS}),
               (ARRAY['PENDING','PENDING','PENDING','APPROVED','REJECTED','CHANGES_REQUESTED'])[1 + g % 6]::"SubmissionStatus",
               CASE WHEN g % 17 = 0 THEN ARRAY['NEW_VERSION','CRITICAL_FINDING']::"QueueReason"[] ELSE ARRAY['NEW_VERSION']::"QueueReason"[] END,
               ${at} + ((g % 2000) - 600) * interval '1 hour', ${at} - (g % 1000) * interval '1 hour', ${at},
               g % 101, g % 17 = 0, 'DONE',
               CASE WHEN g % 50 = 0 THEN '${moderatorId}' END,
               CASE WHEN g IN (300, 600, 900) THEN ${at} + interval '5 minutes' WHEN g % 50 = 0 THEN ${at} - interval '1 hour' END
          FROM generate_series(${from}, ${to}) g;
      END $$`);
  }
  await db.query('VACUUM ANALYZE "Submission"');
  await db.query('ANALYZE');
}

/** The CREATE INDEX statements of migration queue_indexes, and the names of their indexes. */
function queueIndexes(): { name: string; create: string }[] {
  const [dir] = readdirSync(MIGRATIONS_DIR).filter((name) => name.endsWith('_queue_indexes'));
  if (!dir) throw new Error('no migration named *_queue_indexes');
  const sql = readFileSync(path.join(MIGRATIONS_DIR, dir, 'migration.sql'), 'utf8');
  return [...sql.matchAll(/CREATE INDEX "([^"]+)"[^;]*;/g)].map(([create, name]) => ({ name: name!, create: create.replace('CREATE INDEX', 'CREATE INDEX IF NOT EXISTS') }));
}

/** The baseline's tab counts: the statement listQueue ran before (one FILTER count over all open submissions). */
async function countTabsAsBefore(db: TestDatabase, moderatorId: string, now: Date): Promise<unknown> {
  return db.query(`
    SELECT count(*) FILTER (WHERE status = 'PENDING') AS pending,
           count(*) FILTER (WHERE status = 'PENDING' AND "dueAt" < $1) AS overdue,
           count(*) FILTER (WHERE status = 'PENDING' AND ("claimedById" IS NULL OR "claimExpiresAt" <= $1)) AS unclaimed,
           count(*) FILTER (WHERE status = 'PENDING' AND "claimedById" = $2 AND "claimExpiresAt" > $1) AS mine,
           count(*) FILTER (WHERE status = 'CHANGES_REQUESTED') AS "changesRequested"
      FROM "Submission"
     WHERE status IN ('PENDING', 'CHANGES_REQUESTED')`, [now.toISOString().replace('T', ' ').replace('Z', ''), moderatorId]);
}


function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${ms(at(0.5))}, p95 ${ms(at(0.95))}`;
}

/**
 * The five tabs at `submissions`: `rounds` rounds of `runs` first pages per tab; with
 * `hasBaseline`, each round then drops the migration's indexes and measures the baseline, and
 * the next round recreates them.
 */
async function benchScale(submissions: number, { rounds, runs, hasBaseline }: { rounds: number; runs: number; hasBaseline: boolean }): Promise<BenchRow[]> {
  const db = await openTestDatabase({ target: 'postgres' });
  try {
    const moderator = await createTestUser(db.prisma, ['MODERATOR']);
    const started = performance.now();
    await fillQueue(db, submissions, moderator.id);
    const scale = `${submissions >= 1_000_000 ? `${submissions / 1_000_000}M` : `${submissions / 1000}k`}, PG`;
    const rows: BenchRow[] = [{ figure: `queue data: ${submissions.toLocaleString('en')} submissions (${scale})`, value: `${((performance.now() - started) / 1000).toFixed(1)} s`, target: 'setup', baseline: '' }];
    const deps: ModerationDeps = { prisma: db.prisma, clock: { now: () => AT } };
    const after = TABS.map(() => [] as number[]);
    const before = TABS.map(() => [] as number[]);
    const indexes = queueIndexes();
    for (let round = 0; round < rounds; round += 1) {
      for (const index of indexes) await db.query(index.create);
      await db.query('ANALYZE "Submission"');
      for (const [i, [, input]] of TABS.entries()) after[i]!.push(...(await sample(() => listQueue(deps, { ...input, moderatorId: moderator.id }), runs)));
      if (!hasBaseline) continue;
      for (const index of indexes) await db.query(`DROP INDEX "${index.name}"`);
      await db.query('ANALYZE "Submission"');
      for (const [i, [, input]] of TABS.entries()) {
        const firstPageAsBefore = () => Promise.all([listQueuePage(deps, { ...input, moderatorId: moderator.id }), countTabsAsBefore(db, moderator.id, AT)]);
        before[i]!.push(...(await sample(firstPageAsBefore, runs)));
      }
    }
    for (const [i, [label]] of TABS.entries()) {
      rows.push({
        figure: `queue.list first page + tab counts: ${label} (${scale})`,
        value: summary(after[i]!),
        target: submissions === 100_000 ? TARGET : 'figure',
        baseline: hasBaseline ? `without queue_indexes, counts as one FILTER scan: ${summary(before[i]!)}` : '',
      });
    }
    return rows;
  } finally {
    await db.close();
  }
}

export async function benchQueue(): Promise<BenchRow[]> {
  return [
    ...(await benchScale(100_000, { rounds: 2, runs: 20, hasBaseline: true })),
    ...(await benchScale(1_000_000, { rounds: 1, runs: 20, hasBaseline: true })),
  ];
}
