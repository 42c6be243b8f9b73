/**
 * Reads the audit log newest first with keyset pagination on (occurredAt, id): stable under
 * concurrent inserts and fast at any depth, unlike OFFSET.
 */
import { AppError, type AuditEntry, type AuditListInput } from '@marketdesk/shared';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../platform/db/pagination.ts';
import { auditTargetKey, nameAuditTargets } from './name-audit-targets.ts';

interface Cursor {
  occurredAt: Date;
  id: bigint;
}

/** The largest PostgreSQL `bigint`: the audit row ids. */
const MAX_BIGINT = 9_223_372_036_854_775_807n;

const encodeCursor = (cursor: Cursor): string => encodeKeysetCursor({ at: cursor.occurredAt, id: String(cursor.id) });

function decodeCursor(raw: string): Cursor {
  const { at, id } = decodeKeysetCursor(raw, 'this list');
  if (!/^\d{1,19}$/.test(id) || BigInt(id) > MAX_BIGINT) throw new AppError('INVALID_INPUT', { message: 'cursor is not one this list returned', field: 'cursor' });
  return { occurredAt: at, id: BigInt(id) };
}

/**
 * Lists audit entries matching the filters. Input: `{ limit, cursor?, actor?, action?,
 * targetType?, targetId?, from?, to? }` — `actor` matches the actor's email (substring,
 * case-insensitive) or id; `action` is a prefix; `from`/`to` bound occurredAt inclusively.
 * @returns up to `limit` entries, each with its target's name (`targetName`) and the record whose
 *   page shows it (`targetOpens`), both null when it has none (nameAuditTargets), and the cursor of the next page (null on the last page).
 * @throws AppError INVALID_INPUT for a cursor this list did not issue.
 */
export async function listAudit(deps: Pick<AppDeps, 'prisma'>, input: Required<Pick<AuditListInput, 'limit'>> & AuditListInput) {
  const filters: Prisma.AuditLogWhereInput[] = [];
  if (input.actor) filters.push({ OR: [{ actorId: input.actor }, { actorEmail: { contains: input.actor, mode: 'insensitive' } }] });
  if (input.action) filters.push({ action: { startsWith: input.action } });
  if (input.targetType) filters.push({ targetType: input.targetType });
  if (input.targetId) filters.push({ targetId: input.targetId });
  if (input.from) filters.push({ occurredAt: { gte: input.from } });
  if (input.to) filters.push({ occurredAt: { lte: input.to } });
  if (input.cursor) {
    const c = decodeCursor(input.cursor);
    // (occurredAt, id) < cursor, written so the (occurredAt, id) index bounds the scan.
    filters.push({ occurredAt: { lte: c.occurredAt } }, { OR: [{ occurredAt: { lt: c.occurredAt } }, { id: { lt: c.id } }] });
  }
  const rows = await deps.prisma.auditLog.findMany({
    where: { AND: filters },
    orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    select: { id: true, occurredAt: true, actorId: true, actorEmail: true, action: true, targetType: true, targetId: true, reason: true, before: true, after: true, requestId: true, ip: true },
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const names = await nameAuditTargets(deps, { targets: page });
  const items: AuditEntry[] = page.map((row) => ({ ...row, id: row.id.toString(), targetName: names.get(auditTargetKey(row))?.name ?? null, targetOpens: names.get(auditTargetKey(row))?.opens ?? null }));
  return { items, nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null };
}
