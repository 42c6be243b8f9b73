/**
 * Connected-account objects re-fetched from Stripe: payouts (posted to the ledger), transfers
 * (stored for the purchase timeline; their money is part of the charge and refund postings) and
 * account status (payouts enabled).
 */
import type Stripe from 'stripe';
import type { PayoutStatus, PrismaClient } from '../../generated/prisma/client.ts';
import { negateEntries, payoutEntries, postLedgerTransaction } from './ledger.ts';
import type { SyncOutcome } from './sync-purchase.ts';

const PAYOUT_STATUS: Record<string, PayoutStatus> = { pending: 'PENDING', in_transit: 'IN_TRANSIT', paid: 'PAID', failed: 'FAILED', canceled: 'CANCELED' };

/**
 * Syncs payout `payoutId` of connected account `account`: the Payout row and its ledger postings
 * (created, and reversed once failed or canceled).
 * @returns 'not-ours' when no creator has that connected account.
 */
export async function syncPayout(prisma: PrismaClient, stripe: Stripe, account: string, payoutId: string): Promise<SyncOutcome> {
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

/** Syncs transfer `transferId` (amount and amount reversed) for the purchase timeline. */
export async function syncTransfer(prisma: PrismaClient, stripe: Stripe, transferId: string): Promise<SyncOutcome> {
  const transfer = await stripe.transfers.retrieve(transferId);
  const destination = typeof transfer.destination === 'string' ? transfer.destination : transfer.destination?.id;
  const creator = destination ? await prisma.creatorAccount.findUnique({ where: { stripeAccountId: destination }, select: { id: true } }) : null;
  if (!creator) return 'not-ours';
  const chargeId = typeof transfer.source_transaction === 'string' ? transfer.source_transaction : transfer.source_transaction?.id;
  // A destination charge's transfer names its charge; a failed refund's restoring transfer names the purchase in metadata.
  const purchase = chargeId
    ? await prisma.purchase.findUnique({ where: { chargeId }, select: { id: true } })
    : transfer.metadata?.purchase_id ? await prisma.purchase.findUnique({ where: { id: transfer.metadata.purchase_id }, select: { id: true } }) : null;
  const fields = { amount: transfer.amount, amountReversed: transfer.amount_reversed, currency: transfer.currency, purchaseId: purchase?.id ?? null };
  await prisma.transfer.upsert({
    where: { stripeTransferId: transfer.id },
    create: { ...fields, stripeTransferId: transfer.id, creatorId: creator.id, createdAt: new Date(transfer.created * 1000) },
    update: fields,
  });
  return 'synced';
}

/** Syncs a connected account's `payouts_enabled` onto its creator. */
export async function syncAccount(prisma: PrismaClient, stripe: Stripe, accountId: string): Promise<SyncOutcome> {
  const account = await stripe.accounts.retrieve(accountId);
  const updated = await prisma.creatorAccount.updateMany({ where: { stripeAccountId: account.id }, data: { payoutsEnabled: account.payouts_enabled ?? false } });
  return updated.count > 0 ? 'synced' : 'not-ours';
}
