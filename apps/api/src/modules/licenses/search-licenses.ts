/**
 * `licenses.search` for support: by pasted key, buyer email (any part of it), license / key /
 * purchase id, plugin name, plugin id, status, and the code validations answered in the last 24
 * hours; newest issued first with keyset pagination on (issuedAt, id).
 */
import { decodeJwt } from 'jose';
import { VALIDATION_CODE_WINDOW_HOURS, type LicenseSearchInput, type LicenseSummary } from '@marketdesk/shared';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../platform/db/pagination.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../platform/deps.ts';

export const LICENSE_SUMMARY_SELECT = {
  id: true, keyId: true, status: true, statusReason: true, statusChangedAt: true, buyerEmail: true, purchaseId: true, entitlements: true,
  machineLimit: true, issuedAt: true, expiresAt: true,
  plugin: { select: { id: true, name: true } },
  _count: { select: { activations: { where: { deactivatedAt: null } } } },
} as const satisfies Prisma.LicenseSelect;

type SummaryRow = Prisma.LicenseGetPayload<{ select: typeof LICENSE_SUMMARY_SELECT }>;

/** A selected row as the console sees it. */
export function toLicenseSummary(row: SummaryRow): LicenseSummary {
  const { _count, ...rest } = row;
  return { ...rest, activeMachines: _count.activations };
}

type MatchedBy = 'key' | 'email' | 'id' | 'plugin' | 'all';

/** The jti of a pasted license key, read without verifying it (support only looks it up). */
function keyIdOf(text: string): string | null {
  if (text.split('.').length !== 3) return null;
  try {
    const jti = decodeJwt(text).jti;
    return typeof jti === 'string' ? jti : null;
  } catch {
    return null;
  }
}

function readQuery(query: string): { where: Prisma.LicenseWhereInput; matchedBy: MatchedBy } {
  const keyId = keyIdOf(query);
  if (keyId) return { where: { keyId }, matchedBy: 'key' };
  // Part of an email, case-insensitive (ILIKE '%…%'), as the transactions search matches buyers; like it, not indexed.
  if (query.includes('@')) return { where: { buyerEmail: { contains: query, mode: 'insensitive' } }, matchedBy: 'email' };
  return {
    where: { OR: [{ id: query }, { keyId: query }, { purchaseId: query }, { plugin: { name: { contains: query, mode: 'insensitive' } } }, { buyerEmail: { contains: query, mode: 'insensitive' } }] },
    matchedBy: /^[\w-]{20,}$/.test(query) ? 'id' : 'plugin',
  };
}

const encodeCursor = (row: { issuedAt: Date; id: string }): string => encodeKeysetCursor({ at: row.issuedAt, id: row.id });

function decodeCursor(raw: string): { issuedAt: Date; id: string } {
  const { at, id } = decodeKeysetCursor(raw, 'this search');
  return { issuedAt: at, id };
}

/**
 * Finds licenses: `{ query?, pluginId?, status?, validationCode?, cursor?, limit }`. `query` is
 * read as a license key when it is a JWT (matched by its jti), as part of a buyer email when it
 * has "@", else as a license, key or purchase id or part of a plugin name or buyer email (all
 * parts case-insensitive). `validationCode`: licenses whose validation log has that code in the
 * VALIDATION_CODE_WINDOW_HOURS (24) hours before `deps.clock`'s now.
 * @returns up to `limit` summaries, the next page's cursor (null on the last page) and how the query was read.
 * @throws AppError INVALID_INPUT for a cursor this search did not return.
 */
export async function searchLicenses(deps: Pick<AppDeps, 'prisma' | 'clock'>, input: LicenseSearchInput & { limit: number }) {
  const { prisma } = deps;
  const filters: Prisma.LicenseWhereInput[] = [];
  let matchedBy: MatchedBy = 'all';
  if (input.query) {
    const read = readQuery(input.query);
    filters.push(read.where);
    matchedBy = read.matchedBy;
  }
  if (input.pluginId) filters.push({ pluginId: input.pluginId });
  if (input.status) filters.push({ status: input.status });
  if (input.validationCode) {
    const since = new Date(deps.clock.now().getTime() - VALIDATION_CODE_WINDOW_HOURS * 3_600_000);
    filters.push({ validations: { some: { code: input.validationCode, occurredAt: { gte: since } } } });
  }
  if (input.cursor) {
    const c = decodeCursor(input.cursor);
    filters.push({ OR: [{ issuedAt: { lt: c.issuedAt } }, { issuedAt: c.issuedAt, id: { lt: c.id } }] });
  }
  const rows = await prisma.license.findMany({ where: { AND: filters }, orderBy: [{ issuedAt: 'desc' }, { id: 'desc' }], take: input.limit + 1, select: LICENSE_SUMMARY_SELECT });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return { items: page.map(toLicenseSummary), nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null, matchedBy };
}
