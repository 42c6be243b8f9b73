/**
 * Support's view of a license's prepaid credits and its grants. Everything is read from the
 * ledger: the balance is Σ of the license's CREDIT_LIABILITY entries, and each movement is one
 * ledger transaction (a pack's charge, a use, a grant, a refund or its failure). A grant is a
 * `credit_grant:<id>` posting (creditGrantEntries: the platform pays for the credits, STRIPE_BALANCE
 * −g, CREDIT_LIABILITY +g) written with its audit row in one database transaction.
 */
import { randomUUID } from 'node:crypto';
import { AppError, creditPackAmountsFor, formatMoney, maxCreditGrantFor, type CreditMovementKind, type LicenseCredits } from '@marketdesk/shared';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { writeAudit, type Actor } from '../audit/index.ts';
import { availableCreditsOf } from './credit-balance.ts';
import { creditBalanceOf, creditGrantEntries, postLedgerTransaction, type LedgerKind } from './ledger.ts';

type Db = PrismaClient | Prisma.TransactionClient;

/** How many movements support sees, newest first. */
const MOVEMENT_LIMIT = 100;

const MOVEMENT_KIND: Partial<Record<LedgerKind, CreditMovementKind>> = { payment: 'pack', credit_use: 'use', credit_grant: 'grant', refund: 'refund', refund_failure: 'refund_failure' };

/**
 * The credits of license `input.licenseId`: balance and available (minor units of the plugin's
 * currency), the grant cap and packs of that currency, and the latest movements, newest first.
 * @throws AppError NOT_FOUND (field licenseId) for an unknown license.
 */
export async function readLicenseCredits(deps: { prisma: Db }, input: { licenseId: string }): Promise<LicenseCredits> {
  const { prisma } = deps;
  const license = await prisma.license.findUnique({ where: { id: input.licenseId }, select: { id: true, plugin: { select: { currency: true } } } });
  if (!license) throw new AppError('NOT_FOUND', { message: `No license ${input.licenseId}`, field: 'licenseId' });
  const { currency } = license.plugin;
  const balance = await creditBalanceOf(prisma, license.id);
  const available = await availableCreditsOf(prisma, license.id);
  const rows = await prisma.$queryRaw<{ id: string; kind: LedgerKind; amount: bigint; currency: string; occurredAt: Date; description: string; purchaseId: string | null }[]>`
    SELECT t.id, t.kind, SUM(e.amount)::bigint AS amount, e.currency, t."occurredAt", t.description, t."purchaseId"
      FROM "LedgerEntry" e JOIN "LedgerTransaction" t ON t.id = e."transactionId"
     WHERE e."licenseId" = ${license.id} AND e."accountType" = 'CREDIT_LIABILITY'
     GROUP BY t.id, e.currency ORDER BY t."occurredAt" DESC, t.id DESC LIMIT ${MOVEMENT_LIMIT}`;
  const movements = rows.map((row) => ({
    id: row.id, kind: MOVEMENT_KIND[row.kind] ?? 'grant', amount: Number(row.amount), currency: row.currency, occurredAt: row.occurredAt, description: row.description, purchaseId: row.purchaseId,
  }));
  return { licenseId: license.id, currency, balance, available, maxGrant: maxCreditGrantFor(currency), packs: creditPackAmountsFor(currency), movements };
}

/**
 * Grants `input.amount` minor units of credits (the plugin's currency) to license
 * `input.licenseId`, as `input.actor`, with `input.reason`: one `credit_grant:<id>` ledger posting
 * (stream CREDITS_GRANTED, the platform pays) and one audit row `licenses.grantCredits`, in one
 * database transaction under the license's row lock. A revoked license gets none.
 * @returns the license's credits after the grant.
 * @throws AppError NOT_FOUND (field licenseId); INVALID_INPUT (field amount) below 1 or above
 *   maxCreditGrantFor(currency) (the message names the cap); CONFLICT for a revoked license.
 */
export async function grantCredits(deps: { prisma: PrismaClient; clock: { now(): Date } }, input: { actor: Actor; licenseId: string; amount: number; reason: string }): Promise<LicenseCredits> {
  const { prisma } = deps;
  await prisma.$transaction(async (tx) => {
    const license = await tx.license.findUnique({ where: { id: input.licenseId }, select: { id: true, status: true, pluginId: true, plugin: { select: { creatorId: true, currency: true } } } });
    if (!license) throw new AppError('NOT_FOUND', { message: `No license ${input.licenseId}`, field: 'licenseId' });
    const { currency, creatorId } = license.plugin;
    const cap = maxCreditGrantFor(currency);
    if (!Number.isSafeInteger(input.amount) || input.amount < 1 || input.amount > cap) {
      throw new AppError('INVALID_INPUT', { message: `amount must be 1 to ${cap} minor units (${formatMoney(cap, currency)}) of ${currency.toUpperCase()}; got ${input.amount}`, field: 'amount' });
    }
    if (license.status === 'REVOKED') throw new AppError('CONFLICT', { message: `License ${license.id} is revoked: credits cannot be granted to it`, field: 'licenseId' });
    const before = await creditBalanceOf(tx, license.id, { isLocking: true });
    const grantId = `cgr_${randomUUID().replaceAll('-', '')}`;
    await postLedgerTransaction(tx, {
      externalKey: `credit_grant:${grantId}`, kind: 'credit_grant', currency, occurredAt: deps.clock.now(), description: `Credits granted by support: ${input.reason}`.slice(0, 1000),
      entries: creditGrantEntries({ creatorId, pluginId: license.pluginId, licenseId: license.id }, input.amount),
    });
    await writeAudit(tx, {
      actor: input.actor, action: 'licenses.grantCredits', targetType: 'License', targetId: license.id, reason: input.reason,
      before: { creditBalance: before, currency }, after: { creditBalance: before + input.amount, currency, granted: input.amount, grantId },
    });
  }, { timeout: 30_000, maxWait: 30_000 });
  return readLicenseCredits(deps, { licenseId: input.licenseId });
}
