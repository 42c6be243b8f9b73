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
 */
import type Stripe from 'stripe';
import type { Tx } from '../core.ts';
import { invalidRequest, orMissing } from '../errors.ts';
import type { ApiRequest, Route } from '../http/router.ts';
import { LIST_PARAMS, paginate } from '../lists.ts';
import { applyMetadata } from '../params.ts';
import { recordBalanceTransaction, settleAsCharge } from './balance.ts';

const EVIDENCE_FIELDS = [
  'access_activity_log', 'billing_address', 'cancellation_policy', 'cancellation_policy_disclosure', 'cancellation_rebuttal', 'customer_communication',
  'customer_email_address', 'customer_name', 'customer_purchase_ip', 'customer_signature', 'duplicate_charge_documentation', 'duplicate_charge_explanation',
  'duplicate_charge_id', 'product_description', 'receipt', 'refund_policy', 'refund_policy_disclosure', 'refund_refusal_explanation', 'service_date',
  'service_documentation', 'shipping_address', 'shipping_carrier', 'shipping_date', 'shipping_documentation', 'shipping_tracking_number',
  'uncategorized_file', 'uncategorized_text',
] as const;
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
  const dispute = orMissing(tx.store.getOwned('dispute', path.id!, account), 'dispute', path.id!);
  const evidence = params.object('evidence', [...EVIDENCE_FIELDS, 'enhanced_evidence']);
  const isSubmitted = params.boolean('submit') ?? true;
  const metadata = params.metadata();
  if (evidence || isSubmitted) assertAwaitingResponse(dispute);
  const before = structuredClone(dispute);
  if (evidence) {
    for (const field of EVIDENCE_FIELDS) {
      const value = evidence.string(field);
      if (value !== undefined) dispute.evidence[field] = value;
    }
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
  const dispute = orMissing(tx.store.getOwned('dispute', path.id!, account), 'dispute', path.id!);
  return resolveDispute(tx, dispute, 'lost');
}

function assertOpen(dispute: Stripe.Dispute): void {
  if (CLOSED.has(dispute.status)) throw invalidRequest(`This dispute is already closed (status: ${dispute.status}).`, { param: 'dispute' });
}

function assertAwaitingResponse(dispute: Stripe.Dispute): void {
  assertOpen(dispute);
  if (dispute.status === 'under_review' || dispute.status === 'warning_under_review') {
    throw invalidRequest('This dispute has already been submitted; evidence can no longer be changed.', { param: 'evidence' });
  }
}

function emptyEvidence(): Stripe.Dispute.Evidence {
  const evidence = Object.fromEntries(EVIDENCE_FIELDS.map((field) => [field, null])) as unknown as Stripe.Dispute.Evidence;
  evidence.enhanced_evidence = {};
  return evidence;
}

export const disputeRoutes: Route[] = [
  { method: 'GET', path: '/v1/disputes/:id', params: [], handle: (tx, { account, path }) => orMissing(tx.store.getOwned('dispute', path.id!, account), 'dispute', path.id!) },
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
      return paginate(records, params, '/v1/disputes', 'dispute');
    },
  },
];
