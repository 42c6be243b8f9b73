/**
 * # Double-entry ledger
 *
 * Every money movement of the marketplace is one balanced LedgerTransaction: its entries sum to
 * zero per currency (a deferred constraint trigger checks it at commit; both tables are
 * append-only, so a correction is a new transaction). Amounts are signed integer minor units.
 *
 * ## Sign convention: flows
 * An entry says how much flowed INTO (+) or OUT OF (−) an account. Buyers are the source of
 * every sale; creators, the platform and Stripe are where it ends up.
 *
 * | account           | tagged with         | what a + entry means                                      |
 * | ----------------- | ------------------- | --------------------------------------------------------- |
 * | BUYER_PAYMENTS    | creator, plugin     | (always −) money buyers paid                              |
 * | CREATOR_PAYABLE   | creator, plugin     | the creator's share landed in their connected account     |
 * | PLATFORM_FEES     | creator, plugin     | application fee the platform kept                         |
 * | STRIPE_FEES       | creator?, plugin?   | Stripe's processing and dispute fees                      |
 * | STRIPE_BALANCE    | creator?, plugin?   | (usually −) the platform's own balance paid for something |
 * | REFUNDS           | creator, plugin     | money given back to a buyer by a refund                   |
 * | DISPUTES          | creator, plugin     | money taken back by the buyer's bank in a chargeback      |
 * | PAYOUTS           | creator             | money paid out from a connected account to the creator's bank |
 *
 * ## Posting rules (what each Stripe object posts; `externalKey` in brackets makes it idempotent)
 * - Succeeded destination charge, amount A, application fee F, processing fee S (from the
 *   charge's balance transaction) [`charge:<ch>:captured`]:
 *     BUYER_PAYMENTS −A, CREATOR_PAYABLE +(A−F), PLATFORM_FEES +F, STRIPE_FEES +S, STRIPE_BALANCE −S.
 * - Refund of R (pending or succeeded at Stripe) whose transfer reversal is Rt and application-fee
 *   refund Rf [`refund:<re>:created`]:
 *     REFUNDS +R, CREATOR_PAYABLE −(Rt−Rf), PLATFORM_FEES −Rf, STRIPE_BALANCE −(R−Rt).
 *   Marketdesk's own refunds reverse the transfer and refund the fee (Rt = R); a Dashboard refund
 *   without them is paid by the platform (Rt = Rf = 0).
 * - Refund failed or canceled [`refund:<re>:reversed`]: the buyer's money comes back to the
 *   platform, REFUNDS −R, STRIPE_BALANCE +R. The transfer reversal and fee refund stay at Stripe,
 *   so the creator's share (Rt−Rf) is now in the platform's balance, as in the ledger.
 * - That share transferred back to the creator [`transfer:<tr>:restore`, made by
 *   services/payments/sync-purchase.ts]: CREATOR_PAYABLE +(Rt−Rf), PLATFORM_FEES +Rf,
 *   STRIPE_BALANCE −Rt — with the two postings above, the failed refund then nets to zero.
 * - Dispute: each of the dispute's balance transactions, amount a (−D when funds are withdrawn,
 *   +D when reinstated) and fee f [`dispute:<dp>:<txn>`]:
 *     DISPUTES −a, STRIPE_FEES +f, STRIPE_BALANCE +(a−f).
 *   The platform bears chargebacks (Stripe debits its balance; the transfer is not reversed).
 * - Payout of P from a creator's connected account [`payout:<po>:created`]:
 *     CREATOR_PAYABLE −P, PAYOUTS +P; failed or canceled [`payout:<po>:reversed`]: the negation.
 * Transfers, transfer reversals and application fees are parts of the charge and refund
 * postings above (they post nothing of their own). Every posting's `occurredAt` is the Stripe
 * object's `created`, so the ledger does not depend on when or in which order events arrive.
 *
 * ## Figures (each a sum over entries, optionally per creator / plugin / period / currency)
 * gross volume = −Σ BUYER_PAYMENTS · refunds = Σ REFUNDS · disputes = Σ DISPUTES ·
 * platform fees = Σ PLATFORM_FEES · creator balance (available) = Σ CREATOR_PAYABLE ·
 * creator paid out = Σ PAYOUTS · Stripe fees = Σ STRIPE_FEES · net volume = gross − refunds − disputes.
 * Two figures are a sum over two account types, by necessity: net revenue (what the platform
 * keeps) = Σ PLATFORM_FEES + Σ STRIPE_BALANCE, and creator earnings = Σ CREATOR_PAYABLE + Σ PAYOUTS.
 * (One sale has three amounts A, F, S; five single-account figures A, A−F, F, S, F−S cannot sum
 * to zero with ±1 coefficients — the F terms always add up to an even count — so a balanced
 * ledger either derives one of them or keeps a mirror account that duplicates F.)
 * Net revenue equals the platform's own Stripe balance movement, which the reconciliation checks.
 */
import { randomUUID } from 'node:crypto';
import type { LedgerAccountType, Prisma } from '../../generated/prisma/client.ts';

export type { LedgerAccountType };

export interface LedgerEntryInput {
  accountType: LedgerAccountType;
  /** Signed minor units: + flows into the account, − out of it. */
  amount: number;
  creatorId?: string | null;
  pluginId?: string | null;
}

export interface LedgerPosting {
  /** Unique cause, e.g. "charge:ch_123:captured": posting the same key twice posts once. */
  externalKey: string;
  kind: 'payment' | 'refund' | 'refund_reversal' | 'refund_restore' | 'dispute' | 'payout' | 'payout_reversal';
  description?: string;
  purchaseId?: string | null;
  currency: string;
  occurredAt: Date;
  entries: LedgerEntryInput[];
}

/**
 * Posts `posting` with `tx` unless a transaction with its externalKey exists. Entries of zero are
 * dropped. Safe under concurrency: the key is inserted with ON CONFLICT DO NOTHING, so a racing
 * duplicate posts nothing and does not abort the surrounding transaction.
 * @returns true when this call posted it.
 * @throws Error when the entries do not sum to zero (the database would refuse it at commit).
 */
export async function postLedgerTransaction(tx: Prisma.TransactionClient, posting: LedgerPosting): Promise<boolean> {
  const entries = posting.entries.filter((e) => e.amount !== 0);
  const total = entries.reduce((sum, e) => sum + e.amount, 0);
  if (total !== 0) throw new Error(`Ledger posting ${posting.externalKey} is unbalanced by ${total} ${posting.currency}`);
  const id = `ltx_${randomUUID()}`;
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "LedgerTransaction" (id, "externalKey", kind, description, "purchaseId", "occurredAt")
    VALUES (${id}, ${posting.externalKey}, ${posting.kind}, ${posting.description ?? ''}, ${posting.purchaseId ?? null}, ${posting.occurredAt})
    ON CONFLICT ("externalKey") DO NOTHING RETURNING id`;
  if (inserted.length === 0) return false;
  if (entries.length > 0) {
    await tx.ledgerEntry.createMany({
      data: entries.map((e) => ({
        transactionId: id, accountType: e.accountType, amount: BigInt(e.amount), currency: posting.currency.toLowerCase(),
        creatorId: e.creatorId ?? null, pluginId: e.pluginId ?? null, occurredAt: posting.occurredAt,
      })),
    });
  }
  return true;
}

/** The negation of `entries` (a reversal posting). */
export function negateEntries(entries: LedgerEntryInput[]): LedgerEntryInput[] {
  return entries.map((e) => ({ ...e, amount: -e.amount }));
}

/** Where each sale-related entry belongs. */
export interface SaleTags {
  creatorId: string;
  pluginId: string;
}

/** Entries of a succeeded destination charge (see the posting rules above). */
export function paymentEntries(tags: SaleTags, amount: number, applicationFee: number, stripeFee: number): LedgerEntryInput[] {
  return [
    { accountType: 'BUYER_PAYMENTS', amount: -amount, ...tags },
    { accountType: 'CREATOR_PAYABLE', amount: amount - applicationFee, ...tags },
    { accountType: 'PLATFORM_FEES', amount: applicationFee, ...tags },
    { accountType: 'STRIPE_FEES', amount: stripeFee, ...tags },
    { accountType: 'STRIPE_BALANCE', amount: -stripeFee, ...tags },
  ];
}

/** Entries of a refund of `amount` with transfer reversal `reversed` and fee refund `feeRefunded`. */
export function refundEntries(tags: SaleTags, amount: number, reversed: number, feeRefunded: number): LedgerEntryInput[] {
  return [
    { accountType: 'REFUNDS', amount, ...tags },
    { accountType: 'CREATOR_PAYABLE', amount: -(reversed - feeRefunded), ...tags },
    { accountType: 'PLATFORM_FEES', amount: -feeRefunded, ...tags },
    { accountType: 'STRIPE_BALANCE', amount: -(amount - reversed), ...tags },
  ];
}

/** Entries of a failed or canceled refund of `amount`: the buyer's money back in the platform's balance. */
export function failedRefundEntries(tags: SaleTags, amount: number): LedgerEntryInput[] {
  return [
    { accountType: 'REFUNDS', amount: -amount, ...tags },
    { accountType: 'STRIPE_BALANCE', amount, ...tags },
  ];
}

/** Entries of the transfer that gives a failed refund's creator share back (reversal `reversed`, fee refund `feeRefunded`). */
export function restoredShareEntries(tags: SaleTags, reversed: number, feeRefunded: number): LedgerEntryInput[] {
  return [
    { accountType: 'CREATOR_PAYABLE', amount: reversed - feeRefunded, ...tags },
    { accountType: 'PLATFORM_FEES', amount: feeRefunded, ...tags },
    { accountType: 'STRIPE_BALANCE', amount: -reversed, ...tags },
  ];
}

/** Entries of one dispute balance transaction: `net` amount (−D withdrawn, +D reinstated) and `fee`. */
export function disputeEntries(tags: SaleTags, amount: number, fee: number): LedgerEntryInput[] {
  return [
    { accountType: 'DISPUTES', amount: -amount, ...tags },
    { accountType: 'STRIPE_FEES', amount: fee, ...tags },
    { accountType: 'STRIPE_BALANCE', amount: amount - fee, ...tags },
  ];
}

/** Entries of a payout of `amount` from `creatorId`'s connected account. */
export function payoutEntries(creatorId: string, amount: number): LedgerEntryInput[] {
  return [
    { accountType: 'CREATOR_PAYABLE', amount: -amount, creatorId },
    { accountType: 'PAYOUTS', amount, creatorId },
  ];
}
