/**
 * What a license's prepaid credits can pay for now. The balance is the ledger's (creditBalanceOf:
 * Σ CREDIT_LIABILITY entries of the license); a refund of unused credits reaches the ledger only
 * when the payment sync posts Stripe's refund (`refund:<re>`), so between finance's request and
 * that posting the refund is reserved: its Refund row (PENDING, or already at Stripe but not
 * posted yet) counts as unavailable. Usage draws and refunds both lock the license row first
 * (creditBalanceOf `isLocking`), so they run one after the other and never spend the same credits.
 */
import type { Prisma } from '../../generated/prisma/client.ts';
import { creditBalanceOf } from './ledger.ts';

/**
 * Σ of the refunds of license `licenseId`'s credit packs that hold money (pending, requiring
 * action or succeeded) and whose ledger posting (`refund:<stripe refund id>`) does not exist yet:
 * credits promised back to the buyer that the balance does not show as gone. Minor units.
 */
export async function pendingCreditRefundsOf(tx: Prisma.TransactionClient, licenseId: string): Promise<number> {
  const rows = await tx.$queryRaw<{ pending: bigint | null }[]>`
    SELECT SUM(r.amount)::bigint AS pending FROM "Refund" r JOIN "Purchase" p ON p.id = r."purchaseId"
     WHERE p."creditLicenseId" = ${licenseId} AND p.kind = 'CREDIT_PACK' AND r.status IN ('PENDING', 'REQUIRES_ACTION', 'SUCCEEDED')
       AND (r."stripeRefundId" IS NULL OR NOT EXISTS (SELECT 1 FROM "LedgerTransaction" t WHERE t."externalKey" = 'refund:' || r."stripeRefundId"))`;
  return Number(rows[0]?.pending ?? 0n);
}

/**
 * The credits license `licenseId` may spend now, minor units of its plugin's currency: its
 * balance less the credit refunds reserved and not posted yet (pendingCreditRefundsOf), at least 0.
 * Usage (and anything else that spends credits) must call it with `isLocking: true` inside the
 * transaction that posts the `credit_use`: the license row stays locked until commit, so a
 * concurrent refund or use waits.
 */
export async function availableCreditsOf(tx: Prisma.TransactionClient, licenseId: string, options: { isLocking?: boolean } = {}): Promise<number> {
  const balance = await creditBalanceOf(tx, licenseId, options);
  const pending = await pendingCreditRefundsOf(tx, licenseId);
  return Math.max(0, balance - pending);
}
