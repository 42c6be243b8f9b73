/**
 * The audit log page as an admin reads it, over 200,000 audit rows on the PostgreSQL server:
 * the first page with an actor filter, and a page 100,000 rows deep through the keyset
 * cursor — compared in the same run with the OFFSET query a naive list would send.
 */
import { listAudit } from '../src/modules/audit/index.ts';
import { openTestDatabase } from '../test/harness.ts';
import { measure, ms, type BenchRow } from './measure.ts';

const ROWS = 200_000;
const DEPTH = 100_000;

export async function benchAuditList(): Promise<BenchRow[]> {
  const db = await openTestDatabase({ target: 'postgres' });
  try {
    await db.query(`
      INSERT INTO "AuditLog" ("occurredAt", "actorEmail", action, "targetType", "targetId", "requestId")
      SELECT now() - (g || ' seconds')::interval, 'staff' || (g % 50) || '@example.test',
             (ARRAY['users.create','users.setRoles','users.disable','licenses.revoke','refunds.create'])[1 + g % 5],
             'User', 'user-' || (g % 5000), 'req-' || g
        FROM generate_series(1, ${ROWS}) AS g`);
    await db.query('ANALYZE "AuditLog"');
    const firstPage = await measure(() => listAudit({ prisma: db.prisma }, { actor: 'staff7@', limit: 50 }));
    const [anchor] = await db.query<{ occurredAt: Date; id: string }>(
      `SELECT "occurredAt", id::text FROM "AuditLog" ORDER BY "occurredAt" DESC, id DESC OFFSET ${DEPTH} LIMIT 1`,
    );
    const cursor = Buffer.from(`${anchor!.occurredAt.toISOString()}|${anchor!.id}`).toString('base64url');
    const deepKeyset = await measure(() => listAudit({ prisma: db.prisma }, { cursor, limit: 50 }));
    const deepOffset = await measure(() => db.query(`SELECT * FROM "AuditLog" ORDER BY "occurredAt" DESC, id DESC OFFSET ${DEPTH} LIMIT 50`), 20);
    return [
      { figure: `audit.list first page, actor filter (${ROWS / 1000}k rows, PG)`, value: `median ${ms(firstPage.medianMs)}, p95 ${ms(firstPage.p95Ms)}`, target: 'p95 < 50 ms', baseline: '' },
      {
        figure: `audit.list page at depth ${DEPTH / 1000}k (keyset)`,
        value: `median ${ms(deepKeyset.medianMs)}, p95 ${ms(deepKeyset.p95Ms)}`,
        target: 'p95 < 50 ms',
        baseline: `OFFSET query median ${ms(deepOffset.medianMs)} (keyset ${(deepOffset.medianMs / deepKeyset.medianMs).toFixed(1)}× faster)`,
      },
    ];
  } finally {
    await db.close();
  }
}
