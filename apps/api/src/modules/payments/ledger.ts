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
 * | CREDIT_LIABILITY  | creator, plugin, license | prepaid credits held for a buyer: + added (sold, granted), − used or refunded |
 *
 * Every entry of a purchase's postings also carries its revenue stream (RevenueStream: the
 * purchase's kind — ONE_TIME, SUBSCRIPTION, OVERAGE, CREDITS_SOLD); credit use and grants carry
 * CREDITS_USED and CREDITS_GRANTED. Finance's revenue by pricing model is a sum per stream.
 *
 * ## Posting rules: one transaction per Stripe money object, keyed by its id
 * Every Stripe object that moves money posts its own balanced transaction, with the amounts that
 * object reports and dated by its own `created` — never an amount inferred from another object,
 * from creation order, or recomputed by us. The ledger of a purchase then equals Stripe's objects
 * for it, whatever made them (Marketdesk's API, Stripe's Dashboard, a retry), and events may
 * arrive in any order. `externalKey` in brackets makes each posting idempotent.
 * Amounts and currency are those of the object's effect on the platform's balance — its balance
 * transaction's — so the ledger is in the platform's settlement currency: a EUR charge on a
 * platform settling in USD posts its balance transaction's USD amount (Stripe converted it,
 * `exchange_rate`), and so do its refunds, refund failures and disputes; transfers, their
 * reversals, application fees and their refunds are made in the settlement currency already. The
 * Purchase keeps what the buyer paid (amount, currency) beside settlementAmount/settlementCurrency.
 * - Charge of A with processing fee S (its balance transaction's fee) [`charge:<ch>`]:
 *     BUYER_PAYMENTS −A, STRIPE_FEES +S, STRIPE_BALANCE +(A−S).
 * - Transfer of T to the creator's connected account — a destination charge's, or one that gives
 *   a failed refund's creator share back [`transfer:<tr>`]: STRIPE_BALANCE −T, CREATOR_PAYABLE +T.
 * - Application fee F collected from the connected account [`application_fee:<fee>`]:
 *     CREATOR_PAYABLE −F, PLATFORM_FEES +F.
 * - Refund of R (pending or succeeded) [`refund:<re>`]: REFUNDS +R, STRIPE_BALANCE −R.
 * - That refund failed or canceled (its `failure_balance_transaction`) [`refund_failure:<re>`]:
 *     REFUNDS −R, STRIPE_BALANCE +R.
 * - Transfer reversal of x (a refund's `reverse_transfer`, or one Marketdesk makes) [`transfer_reversal:<trr>`]:
 *     CREATOR_PAYABLE −x, STRIPE_BALANCE +x.
 * - Application-fee refund of x [`fee_refund:<fr>`]: PLATFORM_FEES −x, CREATOR_PAYABLE +x.
 * - Dispute: each of the dispute's balance transactions, amount a (−D when funds are withdrawn,
 *   +D when reinstated) and fee f [`dispute:<dp>:<txn>`]:
 *     DISPUTES −a, STRIPE_FEES +f, STRIPE_BALANCE +(a−f).
 *   The platform bears chargebacks (Stripe debits its balance; the transfer is not reversed).
 * - Payout of P from a creator's connected account [`payout:<po>:created`]:
 *     CREATOR_PAYABLE −P, PAYOUTS +P; failed or canceled [`payout:<po>:reversed`]: the negation.
 * Prepaid credits (a CREDIT_PACK purchase is a platform charge: no transfer, no application fee):
 * - Charge of a credit pack of A [`charge:<ch>`]: BUYER_PAYMENTS −A, STRIPE_FEES +S,
 *   CREDIT_LIABILITY +A, STRIPE_BALANCE −S. The money stays in the platform's balance, owed as credits.
 * - Refund of unused credits R [`refund:<re>`]: REFUNDS +R, CREDIT_LIABILITY −R (and its failure the negation).
 * - Credits used, u [`credit_use:<id>`, no Stripe object]: CREDIT_LIABILITY −u, PLATFORM_FEES +F,
 *   STRIPE_BALANCE +(u−F) — recognised as revenue; the creator's share u−F reaches them by a
 *   transfer [`transfer:<tr>`] as above.
 * - Credits granted by support, g [`credit_grant:<id>`, no Stripe object]: STRIPE_BALANCE −g,
 *   CREDIT_LIABILITY +g (the platform pays for them).
 * The platform's Stripe balance is STRIPE_BALANCE + PLATFORM_FEES + CREDIT_LIABILITY: each
 * posting's sum over those three is its balance transaction's net (0 for postings with no Stripe object).
 * A sale (charge + transfer + application fee) sums to BUYER_PAYMENTS −A, CREATOR_PAYABLE +(A−F),
 * PLATFORM_FEES +F, STRIPE_FEES +S, STRIPE_BALANCE −S; a refund made by Marketdesk (refund +
 * reversal Rt + fee refund Rf) to REFUNDS +R, CREATOR_PAYABLE −(Rt−Rf), PLATFORM_FEES −Rf,
 * STRIPE_BALANCE −(R−Rt). STRIPE_BALANCE + PLATFORM_FEES of each posting is the net of the
 * platform balance transaction of that object, which is what the reconciliation compares.
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
import { Prisma, type LedgerAccountType, type RevenueStream } from '../../generated/prisma/client.ts';

export type { LedgerAccountType, RevenueStream };

export interface LedgerEntryInput {
  accountType: LedgerAccountType;
  /** Signed minor units: + flows into the account, − out of it. */
  amount: number;
  creatorId?: string | null;
  pluginId?: string | null;
  /** CREDIT_LIABILITY entries: the license whose credits moved. */
  licenseId?: string | null;
  /** The revenue line (finance's revenue by pricing model). */
  stream?: RevenueStream | null;
}

/** What a ledger transaction posts: the Stripe object it stands for. */
export type LedgerKind = 'payment' | 'transfer' | 'transfer_reversal' | 'application_fee' | 'fee_refund' | 'refund' | 'refund_failure' | 'dispute' | 'payout' | 'payout_reversal' | 'credit_use' | 'credit_grant';

export interface LedgerPosting {
  /** The Stripe object it posts, e.g. "charge:ch_123": posting the same key twice posts once. */
  externalKey: string;
  kind: LedgerKind;
  description?: string;
  purchaseId?: string | null;
  currency: string;
  occurredAt: Date;
  entries: LedgerEntryInput[];
}

/**
 * Posts `posting` with `tx` unless a transaction with its externalKey exists. Entries of zero are
 * dropped. Safe under concurrency: the key is inserted with ON CONFLICT DO NOTHING, so a racing
 * duplicate posts nothing and does not abort the surrounding transaction. One statement: the
 * transaction row and its entries are inserted together (data-modifying CTEs), the entries only
 * when the transaction row was.
 * @returns true when this call posted it.
 * @throws Error when the entries do not sum to zero (the database would refuse it at commit).
 */
export async function postLedgerTransaction(tx: Prisma.TransactionClient, posting: LedgerPosting): Promise<boolean> {
  const entries = posting.entries.filter((e) => e.amount !== 0);
  const total = entries.reduce((sum, e) => sum + e.amount, 0);
  if (total !== 0) throw new Error(`Ledger posting ${posting.externalKey} is unbalanced by ${total} ${posting.currency}`);
  const id = `ltx_${randomUUID()}`;
  const insertTransaction = Prisma.sql`
    INSERT INTO "LedgerTransaction" (id, "externalKey", kind, description, "purchaseId", "occurredAt")
    VALUES (${id}, ${posting.externalKey}, ${posting.kind}, ${posting.description ?? ''}, ${posting.purchaseId ?? null}, ${posting.occurredAt})
    ON CONFLICT ("externalKey") DO NOTHING RETURNING id`;
  if (entries.length === 0) return (await tx.$queryRaw<{ id: string }[]>(insertTransaction)).length > 0;
  const rows = entries.map((e) => Prisma.sql`(${e.accountType}::text, ${e.creatorId ?? null}::text, ${e.pluginId ?? null}::text, ${e.licenseId ?? null}::text, ${e.stream ?? null}::text, ${e.amount}::bigint)`);
  const [result] = await tx.$queryRaw<{ posted: number }[]>`
    WITH posted AS (${insertTransaction}),
    entries AS (
      INSERT INTO "LedgerEntry" ("transactionId", "accountType", "creatorId", "pluginId", "licenseId", stream, amount, currency, "occurredAt")
      SELECT posted.id, v.account::"LedgerAccountType", v.creator, v.plugin, v.license, v.stream::"RevenueStream", v.amount, ${posting.currency.toLowerCase()}::text, ${posting.occurredAt}::timestamp(3)
        FROM posted CROSS JOIN (VALUES ${Prisma.join(rows)}) AS v(account, creator, plugin, license, stream, amount)
    )
    SELECT COUNT(*)::int AS posted FROM posted`;
  return result!.posted > 0;
}

/** The negation of `entries` (a reversal posting). */
export function negateEntries(entries: LedgerEntryInput[]): LedgerEntryInput[] {
  return entries.map((e) => ({ ...e, amount: -e.amount }));
}

/** Where each sale-related entry belongs. */
export interface SaleTags {
  creatorId: string;
  pluginId: string;
  /** The purchase's revenue stream (revenueStreamOf its kind); absent in postings older than streams. */
  stream?: RevenueStream;
  /** CREDITS_SOLD: the license the credits belong to. */
  licenseId?: string | null;
}

/** The revenue stream of a purchase of `kind` (a credit pack's is CREDITS_SOLD). */
export function revenueStreamOf(kind: 'ONE_TIME' | 'SUBSCRIPTION' | 'OVERAGE' | 'CREDIT_PACK'): RevenueStream {
  return kind === 'CREDIT_PACK' ? 'CREDITS_SOLD' : kind;
}

/** Entries of a charge of `amount` with Stripe's processing fee `stripeFee` (see the posting rules above); a credit pack's amount goes to CREDIT_LIABILITY. */
export function chargeEntries(tags: SaleTags, amount: number, stripeFee: number): LedgerEntryInput[] {
  if (tags.stream === 'CREDITS_SOLD') {
    return [
      { accountType: 'BUYER_PAYMENTS', amount: -amount, ...tags },
      { accountType: 'STRIPE_FEES', amount: stripeFee, ...tags },
      { accountType: 'CREDIT_LIABILITY', amount, ...tags },
      { accountType: 'STRIPE_BALANCE', amount: -stripeFee, ...tags },
    ];
  }
  return [
    { accountType: 'BUYER_PAYMENTS', amount: -amount, ...tags },
    { accountType: 'STRIPE_FEES', amount: stripeFee, ...tags },
    { accountType: 'STRIPE_BALANCE', amount: amount - stripeFee, ...tags },
  ];
}

/** Entries of a transfer of `amount` from the platform to the creator's connected account. */
export function transferEntries(tags: SaleTags, amount: number): LedgerEntryInput[] {
  return [
    { accountType: 'STRIPE_BALANCE', amount: -amount, ...tags },
    { accountType: 'CREATOR_PAYABLE', amount, ...tags },
  ];
}

/** Entries of a transfer reversal of `amount`: back from the connected account to the platform. */
export function transferReversalEntries(tags: SaleTags, amount: number): LedgerEntryInput[] {
  return negateEntries(transferEntries(tags, amount));
}

/** Entries of an application fee of `amount` collected from the connected account. */
export function applicationFeeEntries(tags: SaleTags, amount: number): LedgerEntryInput[] {
  return [
    { accountType: 'CREATOR_PAYABLE', amount: -amount, ...tags },
    { accountType: 'PLATFORM_FEES', amount, ...tags },
  ];
}

/** Entries of an application-fee refund of `amount`: back to the connected account. */
export function feeRefundEntries(tags: SaleTags, amount: number): LedgerEntryInput[] {
  return negateEntries(applicationFeeEntries(tags, amount));
}

/** Entries of a refund of `amount` to the buyer, paid from the platform's balance (a credit pack's: from the unused credits). */
export function refundEntries(tags: SaleTags, amount: number): LedgerEntryInput[] {
  return [
    { accountType: 'REFUNDS', amount, ...tags },
    { accountType: tags.stream === 'CREDITS_SOLD' ? 'CREDIT_LIABILITY' : 'STRIPE_BALANCE', amount: -amount, ...tags },
  ];
}

/**
 * Entries of credits worth `amount` used by metered usage: recognised as revenue, the platform's
 * fee `platformFee` kept and the creator's share left in the platform's balance until its transfer.
 */
export function creditUseEntries(tags: SaleTags & { licenseId: string }, amount: number, platformFee: number): LedgerEntryInput[] {
  const tagged = { ...tags, stream: 'CREDITS_USED' as const };
  return [
    { accountType: 'CREDIT_LIABILITY', amount: -amount, ...tagged },
    { accountType: 'PLATFORM_FEES', amount: platformFee, ...tagged },
    { accountType: 'STRIPE_BALANCE', amount: amount - platformFee, ...tagged },
  ];
}

/** Entries of credits worth `amount` granted by support, paid for by the platform. */
export function creditGrantEntries(tags: SaleTags & { licenseId: string }, amount: number): LedgerEntryInput[] {
  const tagged = { ...tags, stream: 'CREDITS_GRANTED' as const };
  return [
    { accountType: 'STRIPE_BALANCE', amount: -amount, ...tagged },
    { accountType: 'CREDIT_LIABILITY', amount, ...tagged },
  ];
}

/**
 * The credit balance of license `licenseId` in minor units: Σ of its CREDIT_LIABILITY entries.
 * With `isLocking`, the license row is locked first (FOR UPDATE), so that concurrent uses and
 * refunds of the same credits run one after the other within their transactions.
 * @returns minor units of the license's plugin currency (0 when it has none).
 */
export async function creditBalanceOf(tx: Prisma.TransactionClient, licenseId: string, options: { isLocking?: boolean } = {}): Promise<number> {
  if (options.isLocking) await tx.$queryRaw`SELECT id FROM "License" WHERE id = ${licenseId} FOR UPDATE`;
  const rows = await tx.$queryRaw<{ balance: bigint | null }[]>`
    SELECT SUM(amount) AS balance FROM "LedgerEntry" WHERE "licenseId" = ${licenseId} AND "accountType" = 'CREDIT_LIABILITY'`;
  return Number(rows[0]?.balance ?? 0n);
}

/** Entries of a failed or canceled refund of `amount`: the buyer's money back in the platform's balance. */
export function refundFailureEntries(tags: SaleTags, amount: number): LedgerEntryInput[] {
  return negateEntries(refundEntries(tags, amount));
}

/** Entries of one dispute balance transaction: `amount` (−D withdrawn, +D reinstated) and `fee`. */
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

/**
 * A Stripe object reduced to what its posting needs: id, its effect on the platform's balance —
 * `amount` in minor units of `currency` (its balance transaction's: the settlement currency) —
 * and created (Unix seconds).
 */
export interface MoneyObject {
  id: string;
  amount: number;
  currency: string;
  created: number;
}

/**
 * Stripe's money objects of one purchase, as Stripe reports them (each with its balance effect's
 * amount and currency, `created` in Unix seconds).
 */
export interface PurchaseMoneyObjects {
  /** The succeeded charge as settled (balance transaction `amount`, `currency`) and its processing fee (`fee`); null before payment. */
  charge: (MoneyObject & { stripeFee: number }) | null;
  /** The charge's transfer and any transfer giving a failed refund's share back, each with its reversals. */
  transfers: (MoneyObject & { reversals: MoneyObject[] })[];
  /** The charge's application fee with its refunds. */
  applicationFee: (MoneyObject & { refunds: MoneyObject[] }) | null;
  /** Refunds as settled (`amount` > 0: what left the balance); `failure` is the failure balance transaction of a failed or canceled one (what came back, when), else null. */
  refunds: (MoneyObject & { failure: { amount: number; created: number } | null; status: string })[];
  /** Disputes with their balance transactions (amount −D / +D, fee). */
  disputes: { id: string; balanceTransactions: (MoneyObject & { fee: number; reportingCategory: string })[] }[];
}

const seconds = (created: number) => new Date(created * 1000);

/**
 * The ledger postings of one purchase's Stripe objects (see the posting rules above): one per
 * object, keyed by its id. Pure: the same objects always give the same postings.
 * Each posting is in its object's currency (MoneyObject).
 * @param sale the purchase id and the creator/plugin every entry is tagged with.
 */
export function purchasePostings(sale: SaleTags & { purchaseId: string }, objects: PurchaseMoneyObjects): LedgerPosting[] {
  const { purchaseId, creatorId, pluginId } = sale;
  // The stream decides where a credit pack's money goes (CREDIT_LIABILITY), and the license is whose credits they are.
  const tags: SaleTags = { creatorId, pluginId, ...(sale.stream ? { stream: sale.stream } : {}), ...(sale.licenseId ? { licenseId: sale.licenseId } : {}) };
  const post = (kind: LedgerKind, externalKey: string, object: { currency: string; created: number }, description: string, entries: LedgerEntryInput[]): LedgerPosting => ({
    externalKey, kind, purchaseId, currency: object.currency, occurredAt: seconds(object.created), description, entries,
  });
  const postings: LedgerPosting[] = [];
  const { charge, applicationFee } = objects;
  if (charge) postings.push(post('payment', `charge:${charge.id}`, charge, `Payment: charge ${charge.id}`, chargeEntries(tags, charge.amount, charge.stripeFee)));
  for (const transfer of objects.transfers) {
    postings.push(post('transfer', `transfer:${transfer.id}`, transfer, `Transfer ${transfer.id} to the creator`, transferEntries(tags, transfer.amount)));
    for (const reversal of transfer.reversals) {
      postings.push(post('transfer_reversal', `transfer_reversal:${reversal.id}`, reversal, `Reversal ${reversal.id} of transfer ${transfer.id}`, transferReversalEntries(tags, reversal.amount)));
    }
  }
  if (applicationFee) {
    postings.push(post('application_fee', `application_fee:${applicationFee.id}`, applicationFee, `Application fee ${applicationFee.id}`, applicationFeeEntries(tags, applicationFee.amount)));
    for (const refund of applicationFee.refunds) {
      postings.push(post('fee_refund', `fee_refund:${refund.id}`, refund, `Refund ${refund.id} of application fee ${applicationFee.id}`, feeRefundEntries(tags, refund.amount)));
    }
  }
  for (const refund of objects.refunds) {
    postings.push(post('refund', `refund:${refund.id}`, refund, `Refund ${refund.id}`, refundEntries(tags, refund.amount)));
    if (refund.failure !== null) {
      const failure = { currency: refund.currency, created: refund.failure.created };
      postings.push(post('refund_failure', `refund_failure:${refund.id}`, failure, `Refund ${refund.id} ${refund.status}: the money is back`, refundFailureEntries(tags, refund.failure.amount)));
    }
  }
  for (const dispute of objects.disputes) {
    for (const bt of dispute.balanceTransactions) {
      postings.push(post('dispute', `dispute:${dispute.id}:${bt.id}`, bt, `Dispute ${dispute.id} (${bt.reportingCategory})`, disputeEntries(tags, bt.amount, bt.fee)));
    }
  }
  return postings;
}
