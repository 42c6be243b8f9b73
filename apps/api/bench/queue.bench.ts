/**
 * The review queue's first page over 100,000 submissions on the PostgreSQL server, as a
 * moderator opens it: the default tab, overdue with critical findings, unclaimed with a score
 * range, and one creator's — each with the tab counts. Target: p95 under 50 ms.
 */
import { listQueue } from '../src/modules/moderation/index.ts';
import { systemClock } from '../src/platform/deps.ts';
import { createTestUser, openTestDatabase } from '../test/harness.ts';
import { measure, ms, type BenchRow } from './measure.ts';

const SUBMISSIONS = 100_000;
const PLUGINS = 5_000;

export async function benchQueue(): Promise<BenchRow[]> {
  const db = await openTestDatabase({ target: 'postgres' });
  try {
    const moderator = await createTestUser(db.prisma, ['MODERATOR']);
    await db.query(`INSERT INTO "CreatorAccount" (id, slug, "displayName", "updatedAt") SELECT 'c' || g, '@bench-' || g, 'Bench ' || g, now() FROM generate_series(1, 500) g`);
    await db.query(`INSERT INTO "Plugin" (id, name, "creatorId", "priceAmount", "updatedAt") SELECT 'p' || g, 'bench-plugin-' || g, 'c' || (1 + g % 500), 1900, now() FROM generate_series(1, ${PLUGINS}) g`);
    await db.query(`INSERT INTO "PluginVersion" (id, "pluginId", version) SELECT 'v' || g, 'p' || (1 + g % ${PLUGINS}), '1.0.' || g FROM generate_series(1, ${SUBMISSIONS}) g`);
    await db.query(`
      INSERT INTO "Submission" (id, "pluginVersionId", "pluginId", "creatorId", status, "queueReasons", "dueAt", "submittedAt", "updatedAt", "qualityScore", "hasCriticalFindings", "reportStatus", "claimedById", "claimExpiresAt")
      SELECT 's' || g, 'v' || g, 'p' || (1 + g % ${PLUGINS}), 'c' || (1 + (g % ${PLUGINS}) % 500),
             (ARRAY['PENDING','PENDING','PENDING','APPROVED','REJECTED','CHANGES_REQUESTED'])[1 + g % 6]::"SubmissionStatus",
             CASE WHEN g % 17 = 0 THEN ARRAY['NEW_VERSION','CRITICAL_FINDING']::"QueueReason"[] ELSE ARRAY['NEW_VERSION']::"QueueReason"[] END,
             now() + ((g % 2000) - 600) * interval '1 hour', now() - (g % 1000) * interval '1 hour', now(),
             g % 101, g % 17 = 0, 'DONE',
             CASE WHEN g % 50 = 0 THEN '${moderator.id}' END, CASE WHEN g % 50 = 0 THEN now() + interval '5 minutes' END
        FROM generate_series(1, ${SUBMISSIONS}) g`);
    await db.query('ANALYZE');
    const base = { status: 'PENDING' as const, due: 'all' as const, claim: 'all' as const, limit: 25 };
    const cases: [string, Omit<Parameters<typeof listQueue>[1], 'moderatorId'>][] = [
      ['default tab (pending by due date)', base],
      ['overdue + critical findings', { ...base, due: 'overdue', hasCriticalFindings: true }],
      ['unclaimed, score 40–80', { ...base, claim: 'unclaimed', scoreMin: 40, scoreMax: 80 }],
      ['one creator', { ...base, creatorId: 'c42' }],
    ];
    const rows: BenchRow[] = [];
    for (const [label, input] of cases) {
      const timing = await measure(() => listQueue({ prisma: db.prisma, clock: systemClock }, { ...input, moderatorId: moderator.id }), 40, 5);
      rows.push({ figure: `queue.list first page: ${label} (${SUBMISSIONS / 1000}k, PG)`, value: `median ${ms(timing.medianMs)}, p95 ${ms(timing.p95Ms)}`, target: 'p95 < 50 ms', baseline: '' });
    }
    return rows;
  } finally {
    await db.close();
  }
}
