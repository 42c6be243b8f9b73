/**
 * The ledger of a period as CSV, one row per entry, streamed in keyset batches of 2,000 entries
 * (by entry id), so memory stays constant however long the period is. Amounts are signed minor
 * units with the major-unit string beside them; the creator's and plugin's names follow their ids
 * at the end of each row.
 */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { toMajorString } from '@marketdesk/shared';
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import type { FinanceDeps } from './deps.ts';

const BATCH = 2000;
/** The columns, in order; names come last (`creator_name`, `plugin_name`) so readers of the first twelve are unchanged. */
export const CSV_COLUMNS = ['entry_id', 'occurred_at', 'transaction_id', 'external_key', 'kind', 'purchase_id', 'account', 'creator_id', 'plugin_id', 'currency', 'amount_minor', 'amount', 'creator_name', 'plugin_name'];

interface Row {
  id: bigint;
  occurredAt: Date;
  transactionId: string;
  externalKey: string;
  kind: string;
  purchaseId: string | null;
  accountType: string;
  creatorId: string | null;
  pluginId: string | null;
  creatorName: string | null;
  pluginName: string | null;
  currency: string;
  amount: bigint;
}

async function* readRows(prisma: PrismaClient, query: { from: Date; to: Date; currency?: string }): AsyncGenerator<string[]> {
  let after = -1n;
  for (;;) {
    const rows = await prisma.$queryRaw<Row[]>`
      SELECT e.id, e."occurredAt", e."transactionId", t."externalKey", t.kind, t."purchaseId", e."accountType"::text AS "accountType",
             e."creatorId", e."pluginId", c."displayName" AS "creatorName", p.name AS "pluginName", e.currency, e.amount
        FROM "LedgerEntry" e JOIN "LedgerTransaction" t ON t.id = e."transactionId"
        LEFT JOIN "CreatorAccount" c ON c.id = e."creatorId"
        LEFT JOIN "Plugin" p ON p.id = e."pluginId"
       WHERE e.id > ${after} AND e."occurredAt" >= ${query.from} AND e."occurredAt" < ${query.to}
         ${query.currency ? Prisma.sql`AND e.currency = ${query.currency}` : Prisma.empty}
       ORDER BY e.id
       LIMIT ${BATCH}`;
    for (const r of rows) {
      yield [r.id.toString(), r.occurredAt.toISOString(), r.transactionId, r.externalKey, r.kind, r.purchaseId ?? '', r.accountType, r.creatorId ?? '', r.pluginId ?? '', r.currency, r.amount.toString(), toMajorString(r.amount, r.currency), r.creatorName ?? '', r.pluginName ?? ''];
    }
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.id;
  }
}

/**
 * A stream of CSV text (with a header row, {@link CSV_COLUMNS}) of the ledger entries in
 * [`from`, `to`), optionally of one `currency`. Database errors surface on the stream.
 */
export function streamTransactionsCsv(deps: FinanceDeps, query: { from: Date; to: Date; currency?: string }): Readable {
  return Readable.from(readRows(deps.prisma, query)).pipe(stringify({ header: true, columns: CSV_COLUMNS }));
}
