/**
 * The creator's share of used credits. A credit pack is a platform charge, so its money stays in
 * the platform's balance; each use of credits (`credit_use:<id>`) recognises revenue and leaves
 * the creator's share u − platformFee(u) in STRIPE_BALANCE (ledger.ts creditUseEntries). This job
 * transfers it to the creator's connected account, per creator and currency:
 *
 *   owed = Σ STRIPE_BALANCE entries of the creator's credit_use transactions
 *        − Σ CREATOR_PAYABLE entries of credit-share transfers (stream CREDITS_USED, no purchase)
 *
 * as one Stripe transfer (`metadata.kind = credit_share`, transfer group
 * `credit_share_<creator>_<currency>`) with the idempotency key
 * `credit_share:<creator>:<currency>:<cumulative used total>`, posted as `transfer:<tr>`
 * (transferEntries tagged CREDITS_USED and the creator, no plugin, no purchase).
 *
 * Exactly once: each (creator, currency) is worked under a transaction-scoped advisory lock
 * (pg_try_advisory_xact_lock; a process that does not get it skips that creator this round), and
 * before computing what is owed the job posts every transfer Stripe has in the creator's group
 * that the ledger lacks — so a transfer made by a run that died before posting is counted, not
 * paid again under a new key. Amounts below minimumCreditShareTransfer (one major unit, ¥100)
 * wait for more use; a platform balance that cannot cover the transfer yet (`balance_insufficient`)
 * is tried again at the next run. Creators without a connected account are skipped.
 */
import type Stripe from 'stripe';
import { minimumCreditShareTransfer, roundDownToAmountStep } from '@marketdesk/shared';
import type { Prisma } from '../../generated/prisma/client.ts';
import { requireStripe } from '../../platform/stripe/access.ts';
import type { PaymentsDeps } from './deps.ts';
import { postLedgerTransaction, transferEntries } from './ledger.ts';

/** How often the server runs the job, ms (15 minutes). */
export const CREDIT_SHARE_INTERVAL_MS = 15 * 60_000;

/** Stripe's transfer group of creator `creatorId`'s credit-share transfers in `currency`. */
export const creditShareTransferGroup = (creatorId: string, currency: string) => `credit_share_${creatorId}_${currency.toLowerCase()}`;

export interface CreditShareRun {
  /** Transfers made by this run. */
  transfers: { creatorId: string; currency: string; amount: number; transferId: string }[];
  /** (creator, currency) pairs another process was working on. */
  skippedBusy: number;
}

/**
 * Pays every creator what used credits owe them (module comment).
 * @returns the transfers made, minor units.
 * @throws AppError PRECONDITION_FAILED without Stripe; the first Stripe or database error after
 *   every other creator was tried.
 */
export async function payCreditShares(deps: PaymentsDeps): Promise<CreditShareRun> {
  const stripe = requireStripe(deps);
  const candidates = await deps.prisma.$queryRaw<{ creatorId: string; currency: string }[]>`
    SELECT DISTINCT e."creatorId", e.currency FROM "LedgerEntry" e JOIN "LedgerTransaction" t ON t.id = e."transactionId"
     WHERE t.kind = 'credit_use' AND e."accountType" = 'STRIPE_BALANCE' AND e."creatorId" IS NOT NULL
     ORDER BY 1, 2`;
  const run: CreditShareRun = { transfers: [], skippedBusy: 0 };
  const errors: unknown[] = [];
  for (const { creatorId, currency } of candidates) {
    try {
      const made = await payCreatorShare(deps.prisma, stripe, { creatorId, currency });
      if (made === 'busy') run.skippedBusy += 1;
      else if (made) run.transfers.push({ creatorId, currency, ...made });
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw errors[0];
  return run;
}

/** Σ credit-use shares and Σ credit-share transfers of one creator in one currency, minor units. */
async function shareTotals(tx: Prisma.TransactionClient, creatorId: string, currency: string): Promise<{ used: number; paid: number }> {
  const [row] = await tx.$queryRaw<{ used: bigint | null; paid: bigint | null }[]>`
    SELECT SUM(e.amount) FILTER (WHERE t.kind = 'credit_use' AND e."accountType" = 'STRIPE_BALANCE')::bigint AS used,
           SUM(e.amount) FILTER (WHERE t.kind = 'transfer' AND e."accountType" = 'CREATOR_PAYABLE')::bigint AS paid
      FROM "LedgerEntry" e JOIN "LedgerTransaction" t ON t.id = e."transactionId"
     WHERE e."creatorId" = ${creatorId} AND e.currency = ${currency}
       AND (t.kind = 'credit_use' OR (t.kind = 'transfer' AND e.stream = 'CREDITS_USED' AND t."purchaseId" IS NULL))`;
  return { used: Number(row?.used ?? 0n), paid: Number(row?.paid ?? 0n) };
}

/** Posts Stripe's credit-share `transfer` to the ledger (once: keyed `transfer:<tr>`). */
function postShareTransfer(tx: Prisma.TransactionClient, creatorId: string, transfer: Stripe.Transfer): Promise<boolean> {
  const entries = transferEntries({ creatorId, pluginId: '', stream: 'CREDITS_USED' }, transfer.amount).map((entry) => ({ ...entry, pluginId: null }));
  return postLedgerTransaction(tx, {
    externalKey: `transfer:${transfer.id}`, kind: 'transfer', currency: transfer.currency, occurredAt: new Date(transfer.created * 1000),
    description: `Transfer ${transfer.id}: the creator's share of used credits`, entries,
  });
}

/**
 * One creator's share in one currency, under the advisory lock: posts Stripe's transfers the
 * ledger lacks, then transfers what is still owed when it reaches the minimum.
 * @returns the transfer made, null when nothing was due, 'busy' when another process holds the lock.
 */
async function payCreatorShare(prisma: PaymentsDeps['prisma'], stripe: Stripe, input: { creatorId: string; currency: string }): Promise<{ amount: number; transferId: string } | null | 'busy'> {
  const { creatorId, currency } = input;
  const creator = await prisma.creatorAccount.findUnique({ where: { id: creatorId }, select: { stripeAccountId: true } });
  if (!creator?.stripeAccountId) return null;
  const destination = creator.stripeAccountId;
  const group = creditShareTransferGroup(creatorId, currency);
  return prisma.$transaction(async (tx) => {
    const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext('credit_share'), hashtext(${group})) AS locked`;
    if (!lock?.locked) return 'busy' as const;
    const made = await stripe.transfers.list({ transfer_group: group, limit: 100 }).autoPagingToArray({ limit: 10_000 });
    for (const transfer of made) await postShareTransfer(tx, creatorId, transfer);
    const { used, paid } = await shareTotals(tx, creatorId, currency);
    const amount = roundDownToAmountStep(used - paid, currency, 'transfer');
    if (amount < minimumCreditShareTransfer(currency)) return null;
    let transfer: Stripe.Transfer;
    try {
      transfer = await stripe.transfers.create(
        { amount, currency, destination, transfer_group: group, description: 'Creator share of used credits', metadata: { kind: 'credit_share', creator_id: creatorId, used_total: String(used) } },
        { idempotencyKey: `credit_share:${creatorId}:${currency}:${used}` },
      );
    } catch (error) {
      // The platform's funds are not available yet: the next run tries again (the key then names the same total, or a larger one).
      if ((error as { code?: string }).code === 'balance_insufficient') return null;
      throw error;
    }
    await postShareTransfer(tx, creatorId, transfer);
    return { amount, transferId: transfer.id };
  }, { timeout: 60_000, maxWait: 60_000 });
}
