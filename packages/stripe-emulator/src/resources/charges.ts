/**
 * Charges made by confirming a PaymentIntent. A succeeded charge gets a `charge` balance
 * transaction carrying the processing fee (see fees.ts); a destination charge
 * (`transfer_data[destination]`) also transfers to the connected account — the whole amount, or
 * `transfer_data[amount]` — and, with `application_fee_amount`, takes that fee back as an
 * application fee. Charges are read-only through the API apart from description and metadata.
 */
import type Stripe from 'stripe';
import type { Tx } from '../core.ts';
import { orMissing } from '../errors.ts';
import { processingFee } from '../fees.ts';
import type { Route } from '../http/router.ts';
import { LIST_PARAMS, paginate } from '../lists.ts';
import { applyMetadata } from '../params.ts';
import type { TestCard } from '../test-cards.ts';
import { createApplicationFee } from './application-fees.ts';
import { recordBalanceTransaction } from './balance.ts';
import { createTransfer } from './transfers.ts';

/**
 * Charges `pi` with a card that succeeds, with everything a destination charge brings along.
 * Emits `transfer.created` and `application_fee.created` when they apply, then `charge.succeeded`.
 */
export function createSucceededCharge(tx: Tx, pi: Stripe.PaymentIntent, card: TestCard, account: string | null): Stripe.Charge {
  const chargeId = tx.newId('ch');
  // The platform's balance holds the charge in its settlement currency, and Stripe's fee is taken there (settlement.ts).
  const settled = tx.settle(pi.amount, pi.currency);
  const fee = processingFee(settled.amount, tx.settings.fees);
  const transaction = recordBalanceTransaction(tx, account, {
    amount: settled.amount,
    currency: settled.currency,
    exchangeRate: settled.exchangeRate,
    isHeldPending: true,
    type: 'charge',
    reportingCategory: 'charge',
    source: chargeId,
    description: pi.description,
    fees: [{ amount: fee, type: 'stripe_fee', description: 'Stripe processing fees' }],
  });
  const charge = buildCharge(tx, pi, card, chargeId, {
    status: 'succeeded', paid: true, captured: true, amount_captured: pi.amount, balance_transaction: transaction.id,
    outcome: { advice_code: null, network_advice_code: null, network_decline_code: null, network_status: 'approved_by_network', reason: null, risk_level: 'normal', risk_score: 32, seller_message: 'Payment complete.', type: 'authorized' },
  });
  tx.store.insert('charge', account, charge);

  const destination = pi.transfer_data?.destination as string | undefined;
  if (destination) {
    // The transfer and the application fee are made in the settlement currency, converted from the PaymentIntent's amounts.
    const feeAmount = tx.settle(pi.application_fee_amount ?? 0, pi.currency).amount;
    const applicationFee = feeAmount > 0 ? { id: tx.newId('fee'), amount: feeAmount } : undefined;
    const transferGroup = `group_${pi.id}`;
    const { transfer, payment } = createTransfer(tx, {
      amount: tx.settle(pi.transfer_data?.amount ?? pi.amount, pi.currency).amount,
      currency: settled.currency,
      isHeldPending: true,
      destination,
      sourceTransaction: chargeId,
      transferGroup,
      applicationFee,
    });
    if (applicationFee) {
      createApplicationFee(tx, { ...applicationFee, currency: settled.currency, isHeldPending: true, account: destination, payment: payment.id, originatingCharge: chargeId });
      charge.application_fee = applicationFee.id;
    }
    charge.transfer = transfer.id;
    charge.transfer_group = transferGroup;
    pi.transfer_group = transferGroup;
    tx.store.save(charge);
  }
  tx.emit('charge.succeeded', charge, { account });
  return charge;
}

/** Records a declined charge for `pi`; emits `charge.failed`. */
export function createFailedCharge(tx: Tx, pi: Stripe.PaymentIntent, card: TestCard, account: string | null): Stripe.Charge {
  const decline = card.decline!;
  const charge = buildCharge(tx, pi, card, tx.newId('ch'), {
    status: 'failed', paid: false, captured: false, amount_captured: 0, balance_transaction: null,
    failure_code: decline.code, failure_message: decline.message,
    outcome: {
      advice_code: null, network_advice_code: null, network_decline_code: null, network_status: 'declined_by_network', reason: decline.declineCode ?? null,
      risk_level: 'normal', risk_score: 32, seller_message: 'The bank did not return any further details with this decline.', type: 'issuer_declined',
    },
  });
  tx.store.insert('charge', account, charge);
  tx.emit('charge.failed', charge, { account });
  return charge;
}

function buildCharge(tx: Tx, pi: Stripe.PaymentIntent, card: TestCard, id: string, outcome: Partial<Stripe.Charge>): Stripe.Charge {
  return {
    id, object: 'charge', amount: pi.amount, amount_captured: 0, amount_refunded: 0, application: null, application_fee: null,
    application_fee_amount: pi.application_fee_amount, balance_transaction: null,
    billing_details: { address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }, email: pi.receipt_email, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: 'MARKETDESK', captured: false, created: tx.now(), currency: pi.currency, customer: pi.customer,
    description: pi.description, disputed: false, failure_balance_transaction: null, failure_code: null, failure_message: null, fraud_details: {},
    livemode: false, metadata: { ...pi.metadata }, on_behalf_of: null, outcome: null, paid: false, payment_intent: pi.id,
    payment_method: pi.payment_method as string, payment_method_details: cardDetails(card, pi.amount), receipt_email: pi.receipt_email,
    receipt_number: null, receipt_url: null, refunded: false, review: null, shipping: null, source: null, source_transfer: null,
    statement_descriptor: null, statement_descriptor_suffix: pi.statement_descriptor_suffix, status: 'pending',
    transfer_data: pi.transfer_data ? { amount: pi.transfer_data.amount ?? null, destination: pi.transfer_data.destination } : null,
    transfer_group: null,
    ...outcome,
  };
}

function cardDetails(card: TestCard, amount: number): Stripe.Charge.PaymentMethodDetails {
  return {
    type: 'card',
    card: {
      amount_authorized: amount, authorization_code: null, brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: card.country, electronic_commerce_indicator: null, exp_month: 12, exp_year: new Date().getUTCFullYear() + 5,
      fingerprint: `emu${card.last4}${card.brand}`.slice(0, 16), funding: card.funding, installments: null, last4: card.last4, mandate: null,
      network: card.brand, network_transaction_id: null, regulated_status: 'unregulated', three_d_secure: null, transaction_link_id: null, wallet: null,
    },
  };
}

export const chargeRoutes: Route[] = [
  { method: 'GET', path: '/v1/charges/:id', params: [], handle: (tx, { account, path }) => orMissing(tx.store.getOwned('charge', path.id!, account), 'charge', path.id!) },
  {
    method: 'POST',
    path: '/v1/charges/:id',
    params: ['description', 'metadata'],
    handle: (tx, { params, account, path }) => {
      const charge = orMissing(tx.store.getOwned('charge', path.id!, account), 'charge', path.id!);
      const previous: Record<string, unknown> = { description: charge.description, metadata: charge.metadata };
      const description = params.string('description');
      if (description !== undefined) charge.description = description;
      if (params.has('metadata')) charge.metadata = applyMetadata(charge.metadata, params.metadata());
      tx.store.save(charge);
      tx.emit('charge.updated', charge, { account, previous });
      return charge;
    },
  },
  {
    method: 'GET',
    path: '/v1/charges',
    params: [...LIST_PARAMS, 'customer', 'payment_intent', 'transfer_group'],
    handle: (tx, { account, params }) => {
      const customer = params.string('customer');
      const paymentIntent = params.string('payment_intent');
      const group = params.string('transfer_group');
      const records = tx.store.all('charge', account).filter((record) =>
        (!customer || record.data.customer === customer) && (!paymentIntent || record.data.payment_intent === paymentIntent) && (!group || record.data.transfer_group === group));
      return paginate(records, params, '/v1/charges', 'charge');
    },
  },
];
