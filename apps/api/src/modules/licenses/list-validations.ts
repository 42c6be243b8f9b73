/**
 * `licenses.validations`: one license's validation log for support, newest first, keyset pages on
 * (occurredAt, id), each answer with the activation its fingerprint names.
 */
import { AppError, LICENSE_VALIDATION_LOG_RETENTION_DAYS, type LicenseValidation, type LicenseValidationsInput } from '@marketdesk/shared';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../platform/db/pagination.ts';

const VALIDATION_SELECT = { id: true, occurredAt: true, code: true, fingerprint: true, ipPrefix: true, userAgent: true, pluginVersion: true } as const satisfies Prisma.LicenseValidationSelect;

/**
 * Reads the validation log of license `input.licenseId`: `input.limit` answers after
 * `input.cursor`, only code `input.code` when given.
 * @returns `{ items, nextCursor (null on the last page), retentionDays }`.
 * @throws AppError NOT_FOUND (no such license), INVALID_INPUT (a cursor this list did not return).
 */
export async function listValidations(deps: Pick<AppDeps, 'prisma'>, input: LicenseValidationsInput & { limit: number }) {
  const { prisma } = deps;
  const license = await prisma.license.findUnique({ where: { id: input.licenseId }, select: { id: true } });
  if (!license) throw new AppError('NOT_FOUND', { message: `No license ${input.licenseId}` });
  const filters: Prisma.LicenseValidationWhereInput[] = [{ licenseId: input.licenseId }];
  if (input.code) filters.push({ code: input.code });
  if (input.cursor) {
    const { at, id } = decodeKeysetCursor(input.cursor, 'this validation log');
    if (!/^\d{1,19}$/.test(id)) throw new AppError('INVALID_INPUT', { message: 'cursor is not one this validation log returned', field: 'cursor' });
    filters.push({ OR: [{ occurredAt: { lt: at } }, { occurredAt: at, id: { lt: BigInt(id) } }] });
  }
  const rows = await prisma.licenseValidation.findMany({ where: { AND: filters }, orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], take: input.limit + 1, select: VALIDATION_SELECT });
  const page = rows.slice(0, input.limit);
  const fingerprints = [...new Set(page.flatMap((row) => (row.fingerprint ? [row.fingerprint] : [])))];
  const activations = fingerprints.length
    ? await prisma.activation.findMany({ where: { licenseId: input.licenseId, fingerprint: { in: fingerprints } }, select: { id: true, fingerprint: true, name: true, deactivatedAt: true } })
    : [];
  const byFingerprint = new Map(activations.map((a) => [a.fingerprint, { id: a.id, name: a.name, isActive: a.deactivatedAt === null }]));
  const items: LicenseValidation[] = page.map((row) => ({ ...row, id: row.id.toString(), activation: (row.fingerprint && byFingerprint.get(row.fingerprint)) || null }));
  const last = page.at(-1);
  return {
    items,
    nextCursor: rows.length > input.limit && last ? encodeKeysetCursor({ at: last.occurredAt, id: last.id.toString() }) : null,
    retentionDays: LICENSE_VALIDATION_LOG_RETENTION_DAYS,
  };
}
