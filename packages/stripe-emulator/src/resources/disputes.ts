/**
 * Disputes. Opened by a test card (`pm_card_createDispute…`) or the control route
 * `/_emulator/charges/:id/dispute`; answered through the API (update with evidence, close =
 * accept); decided by `/_emulator/disputes/:id/resolve` or, as in Stripe's test mode, by
 * submitting `uncategorized_text` = `winning_evidence` / `losing_evidence`.
 *
 * Chargebacks: needs_response → under_review → won | lost. Opening withdraws the amount plus
 * the dispute fee (`adjustment` balance transaction, reporting category `dispute`); winning
 * reinstates both (`dispute_reversal`). Inquiries: warning_needs_response → warning_under_review
 * → warning_closed, with no money moving.
 * Events: charge.dispute.created / funds_withdrawn / updated / closed / funds_reinstated.
 *
 * Evidence (packages/shared disputes/evidence.ts, from Stripe's spec): text fields within their
 * lengths and 150,000 characters in all, file fields naming a `dispute_evidence` File of the
 * account. `submit=false` stages it (has_evidence, no submission); `submit=true` (the default)
 * sends it, after which it cannot change. After `evidence_details.due_by` it cannot change
 * either, and `past_due` reads true while the dispute still awaited a response then (the
 * console's "due date passed without evidence").
 */
import type Stripe from 'stripe';
import { countEvidenceCharacters, EVIDENCE_FILE_FIELDS, EVIDENCE_TEXT_FIELD_LIMITS, EVIDENCE_TEXT_FIELDS, MAX_EVIDENCE_TEXT_CHARACTERS } from '@marketdesk/shared';
import type { Tx } from '../core.ts';
import { invalidRequest, orMissing } from '../errors.ts';
import type { ApiRequest, Route } from '../http/router.ts';
import { LIST_PARAMS, paginate } from '../lists.ts';
import { applyMetadata } from '../params.ts';
import { recordBalanceTransaction, settleAsCharge } from './balance.ts';

const EVIDENCE_FIELDS = [...EVIDENCE_TEXT_FIELDS, ...EVIDENCE_FILE_FIELDS].sort();
const CLOSED = new Set(['won', 'lost', 'warning_closed', 'prevented']);
const DAY_SECONDS = 24 * 60 * 60;

export interface OpenDisputeOptions {
  reason?: string;
  /** Disputed amount in minor units; defaults to what is left unrefunded. */
  amount?: number;
  /** An inquiry (warning_needs_response) instead of a chargeback. */
  isInquiry?: boolean;
}

/**
 * Opens a dispute on a succeeded charge.
 * @throws StripeApiError when the charge failed, already has an open dispute, or `amount` exceeds what is unrefunded.
 */
export function openDispute(tx: Tx, charge: Stripe.Charge, options: OpenDisputeOptions = {}): Stripe.Dispute {
  const account = tx.store.getAny(charge.id)?.account ?? null;
  if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} did not succeed and cannot be disputed.`, { param: 'charge' });
  const open = tx.store.all('dispute', account).find((record) => record.data.charge === charge.id && !CLOSED.has(record.data.status));
  if (open) throw invalidRequest(`Charge ${charge.id} already has an open dispute (${open.id}).`, { code: 'charge_disputed', param: 'charge' });
  const unrefunded = charge.amount - charge.amount_refunded;
  const amount = options.amount ?? unrefunded;
  if (amount < 1 || amount > unrefunded) throw invalidRequest(`The disputed amount must be between 1 and ${unrefunded}.`, { param: 'amount' });

  const isInquiry = options.isInquiry ?? false;
  const created = tx.now();
  const card = charge.payment_method_details?.card;
  const dispute: Stripe.Dispute = {
    id: tx.newId('dp'),
    object: 'dispute',
    amount,
    balance_transactions: [],
    charge: charge.id,
    created,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: emptyEvidence(),
    evidence_details: { due_by: created + 7 * DAY_SECONDS, enhanced_eligibility: {}, has_evidence: false, past_due: false, submission_count: 0, submission_method: 'not_submitted' },
    intended_submission_method: null,
    is_charge_refundable: isInquiry,
    livemode: false,
    metadata: {},
    network_reason_code: '10.4',
    payment_intent: charge.payment_intent,
    payment_method_details: { type: 'card', card: { brand: card?.brand ?? 'visa', case_type: isInquiry ? 'inquiry' : 'chargeback', network: card?.network ?? 'visa', network_reason_code: '10.4' } },
    reason: options.reason ?? 'fraudulent',
    status: isInquiry ? 'warning_needs_response' : 'needs_response',
  };
  tx.store.insert('dispute', account, dispute);
  charge.disputed = true;
  tx.store.save(charge);
  tx.emit('charge.dispute.created', dispute, { account });
  if (!isInquiry) {
    // Withdrawn in the settlement currency (settlement.ts); the dispute fee is charged there.
    const settled = settleAsCharge(tx, charge, -amount);
    const withdrawal = recordBalanceTransaction(tx, account, {
      amount: settled.amount, currency: settled.currency, exchangeRate: settled.exchangeRate, type: 'adjustment', reportingCategory: 'dispute', source: dispute.id,
      description: `Chargeback withdrawal for ${charge.id}`,
      fees: [{ amount: tx.settings.fees.disputeFeeMinorUnits, type: 'stripe_fee', description: 'Dispute fee' }],
    });
    dispute.balance_transactions.push(withdrawal);
    tx.emit('charge.dispute.funds_withdrawn', dispute, { account });
  }
  return dispute;
}

/**
 * Decides an open dispute: `won` reinstates the funds and the dispute fee, `lost` keeps them
 * withdrawn; an inquiry just closes (`warning_closed`). Emits funds_reinstated (won) and closed.
 * @throws StripeApiError when the dispute is already closed.
 */
export function resolveDispute(tx: Tx, dispute: Stripe.Dispute, outcome: 'won' | 'lost'): Stripe.Dispute {
  assertOpen(dispute);
  const account = tx.store.getAny(dispute.id)?.account ?? null;
  const previous = { status: dispute.status };
  if (dispute.status.startsWith('warning_')) {
    dispute.status = 'warning_closed';
  } else {
    dispute.status = outcome;
    if (outcome === 'won') {
      // What was withdrawn comes back, in the same currency.
      const withdrawal = dispute.balance_transactions[0];
      const reinstatement = recordBalanceTransaction(tx, account, {
        amount: withdrawal ? -withdrawal.amount : dispute.amount, currency: withdrawal?.currency ?? dispute.currency, exchangeRate: withdrawal?.exchange_rate ?? null, type: 'adjustment', reportingCategory: 'dispute_reversal', source: dispute.id,
        description: `Chargeback reversal for ${String(dispute.charge)}`,
        fees: [{ amount: -tx.settings.fees.disputeFeeMinorUnits, type: 'stripe_fee', description: 'Dispute fee refund' }],
      });
      dispute.balance_transactions.push(reinstatement);
      tx.emit('charge.dispute.funds_reinstated', dispute, { account });
    }
  }
  tx.store.save(dispute);
  tx.emit('charge.dispute.closed', dispute, { account, previous });
  return dispute;
}

function updateDispute(tx: Tx, { params, account, path }: ApiRequest): Stripe.Dispute {
  const dispute = readDispute(tx, account, path.id!);
  const evidence = params.object('evidence', [...EVIDENCE_FIELDS, 'enhanced_evidence']);
  const isSubmitted = params.boolean('submit') ?? true;
  const metadata = params.metadata();
  if (evidence || isSubmitted) assertAwaitingResponse(tx, dispute);
  const before = structuredClone(dispute);
  if (evidence) {
    const next = { ...dispute.evidence } as Record<string, unknown>;
    for (const field of EVIDENCE_TEXT_FIELDS) {
      const value = evidence.string(field);
      if (value === undefined) continue;
      if (value !== null && value.length > EVIDENCE_TEXT_FIELD_LIMITS[field]) {
        throw invalidRequest(`Invalid evidence[${field}]: must be at most ${EVIDENCE_TEXT_FIELD_LIMITS[field]} characters.`, { param: `evidence[${field}]` });
      }
      next[field] = value;
    }
    for (const field of EVIDENCE_FILE_FIELDS) {
      const value = evidence.string(field);
      if (value === undefined) continue;
      const file = value === null ? undefined : tx.store.getOwned('file', value, account);
      if (value !== null && file?.purpose !== 'dispute_evidence') {
        throw invalidRequest(`No such file upload: '${value}' (evidence[${field}] must be a file with purpose dispute_evidence).`, { code: 'resource_missing', param: `evidence[${field}]` });
      }
      next[field] = value;
    }
    const characters = countEvidenceCharacters(next as Record<string, string | null>);
    if (characters > MAX_EVIDENCE_TEXT_CHARACTERS) {
      throw invalidRequest(`The combined character count of all evidence fields is limited to ${MAX_EVIDENCE_TEXT_CHARACTERS} (this evidence has ${characters}).`, { param: 'evidence' });
    }
    Object.assign(dispute.evidence, next);
    dispute.evidence_details.has_evidence = true;
  }
  if (metadata !== undefined) dispute.metadata = applyMetadata(dispute.metadata, metadata);
  if (isSubmitted) {
    dispute.status = dispute.status === 'warning_needs_response' ? 'warning_under_review' : 'under_review';
    dispute.evidence_details.submission_count += 1;
    dispute.evidence_details.submission_method = 'manual';
    const text = dispute.evidence.uncategorized_text;
    if (text === 'winning_evidence' || text === 'losing_evidence') {
      const id = dispute.id;
      tx.later((next) => resolveDispute(next, next.store.get('dispute', id)!, text === 'winning_evidence' ? 'won' : 'lost'));
    }
  }
  tx.store.save(dispute);
  const previous = Object.fromEntries(Object.keys(dispute).filter((key) => JSON.stringify(dispute[key as keyof Stripe.Dispute]) !== JSON.stringify(before[key as keyof Stripe.Dispute])).map((key) => [key, before[key as keyof Stripe.Dispute]]));
  if (Object.keys(previous).length > 0) tx.emit('charge.dispute.updated', dispute, { account, previous });
  return dispute;
}

function closeDispute(tx: Tx, { account, path }: ApiRequest): Stripe.Dispute {
  const dispute = readDispute(tx, account, path.id!);
  return resolveDispute(tx, dispute, 'lost');
}

function assertOpen(dispute: Stripe.Dispute): void {
  if (CLOSED.has(dispute.status)) throw invalidRequest(`This dispute is already closed (status: ${dispute.status}).`, { param: 'dispute' });
}

function assertAwaitingResponse(tx: Tx, dispute: Stripe.Dispute): void {
  assertOpen(dispute);
  if (dispute.status === 'under_review' || dispute.status === 'warning_under_review') {
    throw invalidRequest('This dispute has already been submitted; evidence can no longer be changed.', { param: 'evidence' });
  }
  const dueBy = dispute.evidence_details.due_by;
  if (dueBy !== null && tx.now() > dueBy) {
    throw invalidRequest(`The evidence for this dispute was due by ${new Date(dueBy * 1000).toISOString()}; it can no longer be changed or submitted.`, { param: 'evidence' });
  }
}

/** The dispute `id` of `account`, with `past_due` brought up to the emulator's clock. @throws StripeApiError 404 when there is none. */
function readDispute(tx: Tx, account: string | null, id: string): Stripe.Dispute {
  const dispute = orMissing(tx.store.getOwned('dispute', id, account), 'dispute', id);
  markPastDue(tx, dispute);
  return dispute;
}

// Stripe sends no event when a due date passes; the flag is kept from the first read after it.
function markPastDue(tx: Tx, dispute: Stripe.Dispute): void {
  const dueBy = dispute.evidence_details.due_by;
  const isAwaiting = dispute.status === 'needs_response' || dispute.status === 'warning_needs_response';
  if (isAwaiting && !dispute.evidence_details.past_due && dueBy !== null && tx.now() > dueBy) {
    dispute.evidence_details.past_due = true;
    tx.store.save(dispute);
  }
}

function emptyEvidence(): Stripe.Dispute.Evidence {
  const evidence = Object.fromEntries(EVIDENCE_FIELDS.map((field) => [field, null])) as unknown as Stripe.Dispute.Evidence;
  evidence.enhanced_evidence = {};
  return evidence;
}

export const disputeRoutes: Route[] = [
  { method: 'GET', path: '/v1/disputes/:id', params: [], handle: (tx, { account, path }) => readDispute(tx, account, path.id!) },
  { method: 'POST', path: '/v1/disputes/:id', params: ['evidence', 'metadata', 'submit'], handle: updateDispute },
  { method: 'POST', path: '/v1/disputes/:id/close', params: [], handle: closeDispute },
  {
    method: 'GET',
    path: '/v1/disputes',
    params: [...LIST_PARAMS, 'charge', 'payment_intent'],
    handle: (tx, { account, params }) => {
      const charge = params.string('charge');
      const paymentIntent = params.string('payment_intent');
      const records = tx.store.all('dispute', account).filter((record) => (!charge || record.data.charge === charge) && (!paymentIntent || record.data.payment_intent === paymentIntent));
      for (const record of records) markPastDue(tx, record.data);
      return paginate(records, params, '/v1/disputes', 'dispute');
    },
  },
];
