/**
 * Connected-account objects re-fetched from Stripe: payouts (posted to the ledger), transfers
 * (stored for the purchase timeline; their money is part of the charge and refund postings) and
 * account status (charges and payouts enabled, the transfers capability, requirements).
 */
import type Stripe from 'stripe';
import type { PayoutStatus, Prisma } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { requireStripe } from '../../platform/stripe/access.ts';
import { accountStatusFields } from './connect-status.ts';
import { negateEntries, payoutEntries, postLedgerTransaction } from './ledger.ts';
import type { SyncOutcome } from './sync-purchase.ts';

const PAYOUT_STATUS: Record<string, PayoutStatus> = { pending: 'PENDING', in_transit: 'IN_TRANSIT', paid: 'PAID', failed: 'FAILED', canceled: 'CANCELED' };

/** What syncPayout, syncTransfer and syncAccount use: the database and Stripe (they post only Stripe-dated rows). */
type SyncConnectDeps = Pick<AppDeps, 'prisma' | 'stripe'>;

/**
 * Syncs payout `input.payoutId` (`po_…`) of connected account `input.account` (`acct_…`): the
 * Payout row and its ledger postings (created, and reversed once failed or canceled), in minor units.
 * @returns 'not-ours' when no creator has that connected account.
 * @throws AppError PRECONDITION_FAILED without Stripe; Stripe's errors (the event is retried).
 */
export async function syncPayout(deps: SyncConnectDeps, input: { account: string; payoutId: string }): Promise<SyncOutcome> {
  const stripe = requireStripe(deps);
  const { prisma } = deps;
  const { account, payoutId } = input;
  const creator = await prisma.creatorAccount.findUnique({ where: { stripeAccountId: account }, select: { id: true } });
  if (!creator) return 'not-ours';
  const payout = await stripe.payouts.retrieve(payoutId, {}, { stripeAccount: account });
  const status = PAYOUT_STATUS[payout.status] ?? 'PENDING';
  const fields = {
    amount: payout.amount, currency: payout.currency, status, arrivalDate: new Date(payout.arrival_date * 1000),
    failureMessage: payout.failure_message ?? payout.failure_code ?? null,
  };
  const occurredAt = new Date(payout.created * 1000);
  const entries = payoutEntries(creator.id, payout.amount);
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${payout.id}))`;
    await tx.payout.upsert({
      where: { stripePayoutId: payout.id },
      create: { ...fields, stripePayoutId: payout.id, creatorId: creator.id, createdAt: occurredAt },
      update: fields,
    });
    const base = { currency: payout.currency, occurredAt, description: `Payout ${payout.id}` };
    await postLedgerTransaction(tx, { ...base, externalKey: `payout:${payout.id}:created`, kind: 'payout', entries });
    if (status === 'FAILED' || status === 'CANCELED') {
      await postLedgerTransaction(tx, { ...base, externalKey: `payout:${payout.id}:reversed`, kind: 'payout_reversal', entries: negateEntries(entries) });
    }
  });
  return 'synced';
}

/**
 * Syncs transfer `input.transferId` (`tr_…`; amount and amount reversed, minor units) for the purchase timeline:
 * a reversal's events, and transfers of no charge (a failed refund's restore). A destination
 * charge's own transfer.* events sync its purchase instead, which stores the transfer (storeTransfer).
 * @returns 'not-ours' when its destination is no creator's connected account.
 * @throws AppError PRECONDITION_FAILED without Stripe; Stripe's errors (the event is retried).
 */
export async function syncTransfer(deps: SyncConnectDeps, input: { transferId: string }): Promise<SyncOutcome> {
  const stripe = requireStripe(deps);
  const { prisma } = deps;
  const transfer = await stripe.transfers.retrieve(input.transferId);
  const destination = typeof transfer.destination === 'string' ? transfer.destination : transfer.destination?.id;
  const creator = destination ? await prisma.creatorAccount.findUnique({ where: { stripeAccountId: destination }, select: { id: true } }) : null;
  if (!creator) return 'not-ours';
  const chargeId = typeof transfer.source_transaction === 'string' ? transfer.source_transaction : transfer.source_transaction?.id;
  // A destination charge's transfer names its charge; a failed refund's restoring transfer names the purchase in metadata.
  const purchase = chargeId
    ? await prisma.purchase.findUnique({ where: { chargeId }, select: { id: true } })
    : transfer.metadata?.purchase_id ? await prisma.purchase.findUnique({ where: { id: transfer.metadata.purchase_id }, select: { id: true } }) : null;
  await storeTransfer(prisma, transfer, { creatorId: creator.id, purchaseId: purchase?.id ?? null });
  return 'synced';
}

/**
 * Stores Stripe's `transfer` (amount and amount reversed, minor units; Stripe's `created`) as the
 * Transfer row of creator `owner.creatorId` and purchase `owner.purchaseId`: created, or updated to
 * Stripe's current amounts. Used by syncTransfer and by the purchase sync (sync-purchase.ts), which
 * sees its charge's transfer expanded.
 */
export async function storeTransfer(db: Pick<Prisma.TransactionClient, 'transfer'>, transfer: Stripe.Transfer, owner: { creatorId: string; purchaseId: string | null }): Promise<void> {
  const fields = { amount: transfer.amount, amountReversed: transfer.amount_reversed, currency: transfer.currency, purchaseId: owner.purchaseId };
  await db.transfer.upsert({
    where: { stripeTransferId: transfer.id },
    create: { ...fields, stripeTransferId: transfer.id, creatorId: owner.creatorId, createdAt: new Date(transfer.created * 1000) },
    update: fields,
  });
}

/**
 * Syncs connected account `input.accountId`'s (`acct_…`) status onto its creator: charges and
 * payouts enabled, the `transfers` capability, `requirements` (currently due, past due, disabled reason).
 * @returns 'not-ours' when no creator has that account.
 * @throws AppError PRECONDITION_FAILED without Stripe; Stripe's errors (the event is retried).
 */
export async function syncAccount(deps: Pick<AppDeps, 'prisma' | 'stripe' | 'clock'>, input: { accountId: string }): Promise<SyncOutcome> {
  const account = await requireStripe(deps).accounts.retrieve(input.accountId);
  const updated = await deps.prisma.creatorAccount.updateMany({ where: { stripeAccountId: account.id }, data: accountStatusFields(account, deps.clock.now()) });
  return updated.count > 0 ? 'synced' : 'not-ours';
}
