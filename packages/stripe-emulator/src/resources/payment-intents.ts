/**
 * PaymentIntents: create (optionally `confirm=true`), retrieve, update, confirm, cancel, list.
 * Confirming with a test card from test-cards.ts charges at once (automatic capture):
 * `succeeded` with a charge, or — for a declining card — back to `requires_payment_method` with
 * `last_payment_error`, a failed charge, and a 402 `card_error` answer carrying the
 * PaymentIntent, as Stripe answers. A 3-D Secure card (pm_card_threeDSecure2Required,
 * pm_card_authenticationRequiredOnSetup) on-session stops in `requires_action` with a
 * `redirect_to_url` next action: the emulator's challenge page
 * (`/_emulator/payment_intents/:id/authenticate`, or `emulator.control.authenticatePaymentIntent`)
 * completes or fails it; off-session, pm_card_threeDSecure2Required is declined with
 * `authentication_required`.
 * `setup_future_usage` is kept on the PaymentIntent (the card stays usable for the customer);
 * `off_session` marks a merchant-initiated charge of such a saved card and, as at Stripe, is
 * only accepted together with `confirm=true`. A customer's saved card can be made to decline
 * later with the `/_emulator/customers/:id/decline` control (or by paying with
 * pm_card_chargeCustomerFail, which declines every charge of a customer).
 */
import type Stripe from 'stripe';
import type { Tx } from '../core.ts';
import { StripeApiError, invalidRequest, orMissing, referencedResourceMissing } from '../errors.ts';
import { MAX_AMOUNT, minimumChargeAmount } from '@marketdesk/shared';
import { formatAmount } from '../fees.ts';
import type { ApiRequest, Route } from '../http/router.ts';
import { LIST_PARAMS, paginate } from '../lists.ts';
import { applyMetadata, assertStripeAmountStep, type Params } from '../params.ts';
import { AUTHENTICATION_REQUIRED, TEST_CARDS, declineFor, type TestCard } from '../test-cards.ts';
import { completeCheckoutSessionOf } from './checkout-sessions.ts';
import { requireDestination } from './accounts.ts';
import { createFailedCharge, createSucceededCharge } from './charges.ts';
import { openDispute } from './disputes.ts';

const CREATE_PARAMS = [
  'amount', 'currency', 'customer', 'description', 'metadata', 'receipt_email', 'payment_method', 'payment_method_types', 'automatic_payment_methods',
  'confirm', 'capture_method', 'confirmation_method', 'application_fee_amount', 'transfer_data', 'transfer_group', 'on_behalf_of', 'statement_descriptor',
  'statement_descriptor_suffix', 'return_url', 'off_session', 'setup_future_usage', 'error_on_requires_action', 'use_stripe_sdk',
];
const UPDATE_PARAMS = ['amount', 'currency', 'customer', 'description', 'metadata', 'receipt_email', 'payment_method', 'application_fee_amount', 'statement_descriptor_suffix', 'transfer_group'];
const MUTABLE_STATUSES = new Set(['requires_payment_method', 'requires_confirmation']);

function createPaymentIntent(tx: Tx, { params, account }: ApiRequest): Stripe.PaymentIntent {
  const currency = params.requiredCurrency();
  const amount = readAmount(params, currency);
  const applicationFeeAmount = params.integer('application_fee_amount', { min: 0 }) ?? null;
  const transferData = params.object('transfer_data', ['destination', 'amount']);
  const destination = transferData ? requireDestination(tx, transferData.requiredString('destination'), 'transfer_data[destination]').id : null;
  const transferAmount = transferData?.integer('amount', { min: 1 });
  if (transferAmount !== undefined) assertStripeAmountStep(transferAmount, currency, 'transfer', transferData!.nameOf('amount'));
  validateSplit(params, amount, applicationFeeAmount, destination, transferAmount, account);
  const customer = readCustomer(tx, params, account);
  const paymentMethod = params.string('payment_method') ?? null;
  if (paymentMethod) requireTestCard(paymentMethod);
  const captureMethod = params.oneOf('capture_method', ['automatic', 'automatic_async', 'manual'] as const) ?? 'automatic_async';
  if (captureMethod === 'manual') throw invalidRequest('The Stripe emulator does not support capture_method=manual.', { param: 'capture_method' });
  const isConfirmed = params.boolean('confirm') ?? false;
  if (isConfirmed && !paymentMethod) {
    throw invalidRequest('You cannot confirm this PaymentIntent because it\'s missing a payment method. Specify payment_method.', { code: 'payment_intent_unexpected_state', param: 'payment_method' });
  }
  const setupFutureUsage = params.oneOf('setup_future_usage', ['off_session', 'on_session'] as const) ?? null;
  if (params.has('off_session') && !isConfirmed) {
    throw invalidRequest('off_session can only be used when confirm=true.', { param: 'off_session' });
  }
  const isOffSession = readOffSession(params);
  const paymentMethodTypes = params.stringList('payment_method_types');
  const automatic = params.object('automatic_payment_methods', ['enabled', 'allow_redirects']);
  const id = tx.newId('pi');
  const pi: Stripe.PaymentIntent = {
    id, object: 'payment_intent', allowed_payment_method_types: null, amount, amount_capturable: 0, amount_details: { tip: {} }, amount_received: 0,
    application: null, application_fee_amount: applicationFeeAmount,
    automatic_payment_methods: paymentMethodTypes ? null : { allow_redirects: (automatic?.oneOf('allow_redirects', ['always', 'never'] as const) ?? 'always'), enabled: automatic?.boolean('enabled') ?? true },
    canceled_at: null, cancellation_reason: null, capture_method: captureMethod, client_secret: `${id}_secret_${tx.newId('x', 25).slice(2)}`,
    confirmation_method: 'automatic', created: tx.now(), currency, customer, customer_account: null, description: params.string('description') ?? null,
    excluded_payment_method_types: null, last_payment_error: null, latest_charge: null, livemode: false, managed_payments: null,
    metadata: applyMetadata({}, params.metadata()), next_action: null, on_behalf_of: null, payment_method: paymentMethod,
    payment_method_configuration_details: null, payment_method_options: {}, payment_method_types: paymentMethodTypes ?? ['card'], payment_record: null,
    processing: null, receipt_email: params.string('receipt_email') ?? null, review: null, setup_future_usage: setupFutureUsage, shipping: null, source: null,
    statement_descriptor: null, statement_descriptor_suffix: params.string('statement_descriptor_suffix') ?? null,
    status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    transfer_data: destination ? { destination, ...(transferAmount !== undefined ? { amount: transferAmount } : {}) } : null,
    transfer_group: params.string('transfer_group') ?? null,
  };
  tx.store.insert('payment_intent', account, pi);
  tx.emit('payment_intent.created', pi, { account });
  if (isConfirmed) confirm(tx, pi, paymentMethod!, account, { isOffSession, returnUrl: params.string('return_url') ?? null });
  return pi;
}

/** What a PaymentIntent made by another object (a Checkout Session) is made of. */
export interface PaymentIntentFields {
  amount: number;
  currency: string;
  customer: string | null;
  description: string | null;
  receiptEmail: string | null;
  applicationFeeAmount: number | null;
  transferData: { destination: string; amount?: number } | null;
  metadata: Record<string, string>;
  setupFutureUsage: 'off_session' | 'on_session' | null;
}

/** Creates an unconfirmed PaymentIntent from `fields` (already validated by the caller); emits payment_intent.created. */
export function insertPaymentIntent(tx: Tx, account: string | null, fields: PaymentIntentFields): Stripe.PaymentIntent {
  const id = tx.newId('pi');
  const pi: Stripe.PaymentIntent = {
    id, object: 'payment_intent', allowed_payment_method_types: null, amount: fields.amount, amount_capturable: 0, amount_details: { tip: {} }, amount_received: 0,
    application: null, application_fee_amount: fields.applicationFeeAmount, automatic_payment_methods: null,
    canceled_at: null, cancellation_reason: null, capture_method: 'automatic_async', client_secret: `${id}_secret_${tx.newId('x', 25).slice(2)}`,
    confirmation_method: 'automatic', created: tx.now(), currency: fields.currency, customer: fields.customer, customer_account: null, description: fields.description,
    excluded_payment_method_types: null, last_payment_error: null, latest_charge: null, livemode: false, managed_payments: null,
    metadata: { ...fields.metadata }, next_action: null, on_behalf_of: null, payment_method: null,
    payment_method_configuration_details: null, payment_method_options: {}, payment_method_types: ['card'], payment_record: null,
    processing: null, receipt_email: fields.receiptEmail, review: null, setup_future_usage: fields.setupFutureUsage, shipping: null, source: null,
    statement_descriptor: null, statement_descriptor_suffix: null, status: 'requires_payment_method',
    transfer_data: fields.transferData, transfer_group: null,
  };
  tx.store.insert('payment_intent', account, pi);
  tx.emit('payment_intent.created', pi, { account });
  return pi;
}

/**
 * Charges `pi` with the test card `paymentMethod`; a 3-D Secure card on-session stops in
 * `requires_action` (emits payment_intent.requires_action) until authenticatePaymentIntent.
 * `options.returnUrl`: where the challenge page sends the buyer back.
 * @throws StripeApiError 402 `card_error` when the card declines (after recording the failure),
 *   400 `payment_intent_unexpected_state` when `pi` cannot be confirmed in its status.
 */
export function confirm(tx: Tx, pi: Stripe.PaymentIntent, paymentMethod: string, account: string | null, options: { isOffSession?: boolean; returnUrl?: string | null } = {}): void {
  assertConfirmable(pi);
  const card = requireTestCard(paymentMethod);
  pi.payment_method = paymentMethod;
  const isAuthenticationDeclined = card.threeDSecure === 'always' && options.isOffSession;
  const decline = isAuthenticationDeclined ? AUTHENTICATION_REQUIRED : declineFor(card, typeof pi.customer === 'string' ? pi.customer : null, tx.store.meta.customerDeclines);
  if (!decline && card.threeDSecure && !options.isOffSession) {
    const url = new URL(`/_emulator/payment_intents/${pi.id}/authenticate`, tx.settings.baseUrl || 'http://127.0.0.1');
    if (options.returnUrl) url.searchParams.set('return_url', options.returnUrl);
    pi.status = 'requires_action';
    pi.next_action = { type: 'redirect_to_url', redirect_to_url: { url: url.toString(), return_url: options.returnUrl ?? null } };
    pi.last_payment_error = null;
    tx.store.save(pi);
    tx.emit('payment_intent.requires_action', pi, { account });
    return;
  }
  if (decline) {
    const charge = createFailedCharge(tx, pi, { ...card, decline }, account);
    const error = { type: 'card_error' as const, code: decline.code, decline_code: decline.declineCode, message: decline.message, charge: charge.id };
    pi.status = 'requires_payment_method';
    pi.latest_charge = charge.id;
    pi.last_payment_error = { ...error, payment_method_type: 'card' };
    tx.store.save(pi);
    tx.emit('payment_intent.payment_failed', pi, { account });
    throw new StripeApiError(402, { ...error, payment_intent: structuredClone(pi) });
  }
  succeed(tx, pi, card, account);
}

/** Charges `pi` with `card`, which succeeds; completes the Checkout Session that made `pi`, if any. */
function succeed(tx: Tx, pi: Stripe.PaymentIntent, card: TestCard, account: string | null): void {
  const charge = createSucceededCharge(tx, pi, card, account);
  pi.status = 'succeeded';
  pi.amount_received = pi.amount;
  pi.latest_charge = charge.id;
  pi.last_payment_error = null;
  pi.next_action = null;
  tx.store.save(pi);
  tx.emit('payment_intent.succeeded', pi, { account });
  completeCheckoutSessionOf(tx, pi, account);
  if (card.dispute) {
    const chargeId = charge.id;
    const { reason, isInquiry } = card.dispute;
    tx.later((next) => openDispute(next, next.store.get('charge', chargeId)!, { reason, isInquiry }));
  }
}

/** Stripe's error when the buyer fails (or abandons) the 3-D Secure challenge. */
const AUTHENTICATION_FAILED = {
  type: 'invalid_request_error' as const, code: 'payment_intent_authentication_failure',
  message: 'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
};

/**
 * The buyer's answer to the 3-D Secure challenge of `pi` (status `requires_action`): `complete`
 * charges the card; `fail` sends `pi` back to `requires_payment_method` with Stripe's
 * `payment_intent_authentication_failure` (no charge is made) and emits payment_intent.payment_failed.
 * @throws StripeApiError 400 `payment_intent_unexpected_state` when `pi` awaits no authentication.
 */
export function authenticatePaymentIntent(tx: Tx, pi: Stripe.PaymentIntent, outcome: 'complete' | 'fail'): Stripe.PaymentIntent {
  if (pi.status !== 'requires_action') {
    throw invalidRequest(`This PaymentIntent has a status of ${pi.status}; only one in requires_action can be authenticated.`, { code: 'payment_intent_unexpected_state' });
  }
  const account = tx.store.getAny(pi.id)?.account ?? null;
  pi.next_action = null;
  if (outcome === 'complete') {
    succeed(tx, pi, requireTestCard(pi.payment_method as string), account);
    return pi;
  }
  pi.status = 'requires_payment_method';
  pi.last_payment_error = { ...AUTHENTICATION_FAILED, payment_method_type: 'card' };
  pi.payment_method = null;
  tx.store.save(pi);
  tx.emit('payment_intent.payment_failed', pi, { account });
  return pi;
}

function confirmPaymentIntent(tx: Tx, { params, account, path }: ApiRequest): Stripe.PaymentIntent {
  const pi = orMissing(tx.store.getOwned('payment_intent', path.id!, account), 'payment_intent', path.id!);
  const paymentMethod = params.string('payment_method') ?? (pi.payment_method as string | null);
  if (!paymentMethod) {
    throw invalidRequest('You cannot confirm this PaymentIntent because it\'s missing a payment method. Specify payment_method.', { code: 'payment_intent_unexpected_state', param: 'payment_method' });
  }
  assertConfirmable(pi);
  requireTestCard(paymentMethod);
  const isOffSession = readOffSession(params);
  const receiptEmail = params.string('receipt_email');
  if (receiptEmail !== undefined) pi.receipt_email = receiptEmail;
  confirm(tx, pi, paymentMethod, account, { isOffSession, returnUrl: params.string('return_url') ?? null });
  return pi;
}

function updatePaymentIntent(tx: Tx, { params, account, path }: ApiRequest): Stripe.PaymentIntent {
  const pi = orMissing(tx.store.getOwned('payment_intent', path.id!, account), 'payment_intent', path.id!);
  const isMoneyChange = ['amount', 'currency', 'application_fee_amount', 'customer', 'payment_method'].some((name) => params.has(name));
  if (isMoneyChange && !MUTABLE_STATUSES.has(pi.status)) {
    throw invalidRequest(`You cannot update this PaymentIntent because it has a status of ${pi.status}.`, { code: 'payment_intent_unexpected_state' });
  }
  const currency = params.currency() ?? pi.currency;
  const amount = params.has('amount') ? readAmount(params, currency) : pi.amount;
  const fee = params.has('application_fee_amount') ? (params.integer('application_fee_amount', { min: 0 }) ?? null) : pi.application_fee_amount;
  if (fee !== null && fee > amount) throw invalidRequest('The application fee amount cannot exceed the amount of the PaymentIntent.', { param: 'application_fee_amount' });
  const customer = params.has('customer') ? readCustomer(tx, params, account) : pi.customer;
  const paymentMethod = params.string('payment_method');
  if (paymentMethod) requireTestCard(paymentMethod);
  Object.assign(pi, { amount, currency, application_fee_amount: fee, customer });
  if (paymentMethod !== undefined) {
    pi.payment_method = paymentMethod;
    pi.status = paymentMethod ? 'requires_confirmation' : 'requires_payment_method';
  }
  for (const field of ['description', 'receipt_email', 'statement_descriptor_suffix', 'transfer_group'] as const) {
    const value = params.string(field);
    if (value !== undefined) pi[field] = value;
  }
  if (params.has('metadata')) pi.metadata = applyMetadata(pi.metadata, params.metadata());
  tx.store.save(pi);
  return pi;
}

function cancelPaymentIntent(tx: Tx, { params, account, path }: ApiRequest): Stripe.PaymentIntent {
  const pi = orMissing(tx.store.getOwned('payment_intent', path.id!, account), 'payment_intent', path.id!);
  return cancel(tx, pi, params.oneOf('cancellation_reason', ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const) ?? null, account);
}

/** Cancels `pi` (emits payment_intent.canceled). @throws StripeApiError 400 when it succeeded or was canceled. */
export function cancel(tx: Tx, pi: Stripe.PaymentIntent, reason: Stripe.PaymentIntent.CancellationReason | null, account: string | null): Stripe.PaymentIntent {
  if (pi.status === 'succeeded' || pi.status === 'canceled') {
    throw invalidRequest(`You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`, { code: 'payment_intent_unexpected_state' });
  }
  pi.status = 'canceled';
  pi.canceled_at = tx.now();
  pi.cancellation_reason = reason;
  pi.next_action = null;
  tx.store.save(pi);
  tx.emit('payment_intent.canceled', pi, { account });
  return pi;
}

function assertConfirmable(pi: Stripe.PaymentIntent): void {
  if (!MUTABLE_STATUSES.has(pi.status)) {
    throw invalidRequest(`You cannot confirm this PaymentIntent because it has a status of ${pi.status}.`, { code: 'payment_intent_unexpected_state', param: 'intent' });
  }
}

/** `amount` in minor units within Stripe's minimum and eight-digit maximum, in the currency's step (12.340 KWD, not 12.345). */
function readAmount(params: Params, currency: string): number {
  const amount = params.requiredInteger('amount');
  const minimum = minimumChargeAmount(currency);
  if (amount < minimum) throw invalidRequest(`Amount must be at least ${formatAmount(minimum, currency)} ${currency}`, { code: 'amount_too_small', param: 'amount' });
  if (amount > MAX_AMOUNT) throw invalidRequest(`Amount must be no more than ${formatAmount(MAX_AMOUNT, currency)} ${currency}`, { code: 'amount_too_large', param: 'amount' });
  assertStripeAmountStep(amount, currency, 'charge', 'amount');
  return amount;
}

function validateSplit(params: Params, amount: number, fee: number | null, destination: string | null, transferAmount: number | undefined, account: string | null): void {
  if (fee !== null && transferAmount !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: application_fee_amount, transfer_data[amount].', { code: 'parameters_exclusive', param: 'application_fee_amount' });
  }
  if (fee !== null && !destination) {
    throw invalidRequest('Can only apply an application_fee_amount when the PaymentIntent is attempting a destination payment (using `transfer_data[destination]`).', { param: 'application_fee_amount' });
  }
  if (destination && account) throw invalidRequest('Destination charges are created on the platform; remove the Stripe-Account header.', { param: 'transfer_data[destination]' });
  if (fee !== null && fee > amount) throw invalidRequest('The application fee amount cannot exceed the amount of the PaymentIntent.', { param: 'application_fee_amount' });
  if (transferAmount !== undefined && transferAmount > amount) {
    throw invalidRequest('The transfer amount cannot exceed the amount of the PaymentIntent.', { param: params.nameOf('transfer_data') + '[amount]' });
  }
}

function readCustomer(tx: Tx, params: Params, account: string | null): string | null {
  const customer = params.string('customer') ?? null;
  if (customer && !tx.store.getOwned('customer', customer, account)) throw referencedResourceMissing('customer', customer, 'customer');
  return customer;
}

/** `off_session`: true/false, or Stripe's `one_off` / `recurring`. */
function readOffSession(params: Params): boolean {
  const value = params.string('off_session');
  if (value === undefined || value === null) return false;
  if (!['true', 'false', 'one_off', 'recurring'].includes(value)) {
    throw invalidRequest(`Invalid off_session: must be one of true, false, one_off, or recurring`, { param: 'off_session' });
  }
  return value !== 'false';
}

export function requireTestCard(paymentMethod: string): TestCard {
  const card = TEST_CARDS[paymentMethod];
  if (!card) throw referencedResourceMissing('PaymentMethod', paymentMethod, 'payment_method');
  return card;
}

export const paymentIntentRoutes: Route[] = [
  { method: 'POST', path: '/v1/payment_intents', params: CREATE_PARAMS, handle: createPaymentIntent },
  { method: 'GET', path: '/v1/payment_intents/:id', params: ['client_secret'], handle: (tx, { account, path }) => orMissing(tx.store.getOwned('payment_intent', path.id!, account), 'payment_intent', path.id!) },
  { method: 'POST', path: '/v1/payment_intents/:id', params: UPDATE_PARAMS, handle: updatePaymentIntent },
  { method: 'POST', path: '/v1/payment_intents/:id/confirm', params: ['payment_method', 'receipt_email', 'return_url', 'off_session', 'error_on_requires_action', 'use_stripe_sdk'], handle: confirmPaymentIntent },
  { method: 'POST', path: '/v1/payment_intents/:id/cancel', params: ['cancellation_reason'], handle: cancelPaymentIntent },
  {
    method: 'GET',
    path: '/v1/payment_intents',
    params: [...LIST_PARAMS, 'customer'],
    handle: (tx, { account, params }) => {
      const customer = params.string('customer');
      return paginate(tx.store.all('payment_intent', account).filter((record) => !customer || record.data.customer === customer), params, '/v1/payment_intents', 'payment_intent');
    },
  },
];
