/**
 * Checkout Sessions (hosted payment page), `mode=payment` and `mode=setup`: create, retrieve, list, expire.
 * In setup mode (no line items; `setup_intent_data`), the buyer's card is saved on the session's
 * customer by a SetupIntent made when the buyer gives it (setUpSession): the session completes
 * with `setup_intent` set and `payment_status: no_payment_required`.
 * As at Stripe (API 2022-08-01 and later), the session's PaymentIntent is made when the buyer
 * first pays on the page, from `payment_intent_data` (application fee, destination, metadata,
 * `setup_future_usage`); until then `payment_intent` is null. A declined card leaves the session
 * open for another try; a paid PaymentIntent completes it (`checkout.session.completed`, after
 * `charge.succeeded` and `payment_intent.succeeded`). Expiring it — through the API, or at
 * `expires_at` (checked whenever the session is read) — cancels an unpaid PaymentIntent and
 * emits `checkout.session.expired`. The page itself is checkout-page.ts, at the session's `url`.
 */
import type Stripe from 'stripe';
import { MAX_AMOUNT, minimumChargeAmount } from '@marketdesk/shared';
import type { Tx } from '../core.ts';
import { invalidRequest, orMissing, referencedResourceMissing } from '../errors.ts';
import { formatAmount } from '../fees.ts';
import type { ApiRequest, Route } from '../http/router.ts';
import { LIST_PARAMS, paginate } from '../lists.ts';
import { Params, applyMetadata } from '../params.ts';
import { requireDestination } from './accounts.ts';
import { cancel, confirm, insertPaymentIntent, type PaymentIntentFields } from './payment-intents.ts';
import { confirmSetupIntent, insertSetupIntent, type SetupIntentFields } from './setup-intents.ts';

/** Stripe's bounds for `expires_at`: 30 minutes to 24 hours after creation (the default), seconds. */
const MIN_EXPIRY_SECONDS = 30 * 60;
const MAX_EXPIRY_SECONDS = 24 * 60 * 60;

const CREATE_PARAMS = [
  'mode', 'line_items', 'success_url', 'cancel_url', 'customer', 'customer_email', 'client_reference_id', 'metadata', 'expires_at',
  'payment_intent_data', 'payment_method_types', 'locale', 'submit_type', 'currency', 'setup_intent_data',
];
const PAYMENT_INTENT_DATA_PARAMS = ['application_fee_amount', 'transfer_data', 'metadata', 'setup_future_usage', 'description', 'receipt_email', 'capture_method'];

interface LineItem { name: string; description: string | null; currency: string; unitAmount: number; quantity: number }

function readLineItems(params: Params): LineItem[] {
  const raw = params.raw('line_items');
  if (raw === undefined) throw invalidRequest('Missing required param: line_items.', { code: 'parameter_missing', param: 'line_items' });
  if (!Array.isArray(raw) || raw.length === 0) throw invalidRequest('line_items must be a non-empty array.', { param: 'line_items' });
  return raw.map((_, index) => {
    const value = raw[index];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidRequest('Invalid hash', { param: `line_items[${index}]` });
    const entry = new Params(value, ['price_data', 'quantity', 'price'], `line_items[${index}]`);
    if (entry.has('price')) throw invalidRequest('The Stripe emulator has no Prices: give line_items[][price_data].', { param: `line_items[${index}][price]` });
    const priceData = entry.object('price_data', ['currency', 'unit_amount', 'product_data']);
    if (!priceData) throw invalidRequest('Missing required param: price_data.', { code: 'parameter_missing', param: `line_items[${index}][price_data]` });
    const product = priceData.object('product_data', ['name', 'description', 'metadata']);
    if (!product) throw invalidRequest('Missing required param: product_data.', { code: 'parameter_missing', param: `line_items[${index}][price_data][product_data]` });
    return {
      name: product.requiredString('name'), description: product.string('description') ?? null, currency: priceData.requiredCurrency(),
      unitAmount: priceData.requiredInteger('unit_amount', { min: 0 }), quantity: entry.integer('quantity', { min: 1 }) ?? 1,
    };
  });
}

function readPaymentIntentData(tx: Tx, params: Params, amount: number): Omit<PaymentIntentFields, 'amount' | 'currency' | 'customer'> {
  const data = params.object('payment_intent_data', PAYMENT_INTENT_DATA_PARAMS);
  const fee = data?.integer('application_fee_amount', { min: 0 }) ?? null;
  const transfer = data?.object('transfer_data', ['destination', 'amount']);
  const destination = transfer ? requireDestination(tx, transfer.requiredString('destination'), 'payment_intent_data[transfer_data][destination]').id : null;
  const transferAmount = transfer?.integer('amount', { min: 1 });
  if (fee !== null && !destination) throw invalidRequest('payment_intent_data[application_fee_amount] needs payment_intent_data[transfer_data][destination].', { param: 'payment_intent_data[application_fee_amount]' });
  if (fee !== null && fee > amount) throw invalidRequest('The application fee amount cannot exceed the amount of the Checkout Session.', { param: 'payment_intent_data[application_fee_amount]' });
  if (data?.oneOf('capture_method', ['automatic', 'automatic_async', 'manual'] as const) === 'manual') {
    throw invalidRequest('The Stripe emulator does not support capture_method=manual.', { param: 'payment_intent_data[capture_method]' });
  }
  return {
    description: data?.string('description') ?? null, receiptEmail: data?.string('receipt_email') ?? null, applicationFeeAmount: fee,
    transferData: destination ? { destination, ...(transferAmount !== undefined ? { amount: transferAmount } : {}) } : null,
    metadata: applyMetadata({}, data?.metadata()), setupFutureUsage: data?.oneOf('setup_future_usage', ['off_session', 'on_session'] as const) ?? null,
  };
}

/** A setup-mode session's money: none (no line items; `currency` optional, as Stripe takes it for payment method choice). */
function readSetupMode(params: Params): { items: LineItem[]; currency: string | null; amount: number | null } {
  if (params.has('line_items')) throw invalidRequest('line_items cannot be used with mode=setup.', { param: 'line_items' });
  if (params.has('payment_intent_data')) throw invalidRequest('payment_intent_data cannot be used with mode=setup.', { param: 'payment_intent_data' });
  return { items: [], currency: params.has('currency') ? params.requiredCurrency() : null, amount: null };
}

function readPaymentMode(params: Params): { items: LineItem[]; currency: string; amount: number } {
  if (params.has('setup_intent_data')) throw invalidRequest('setup_intent_data can only be used with mode=setup.', { param: 'setup_intent_data' });
  const items = readLineItems(params);
  const currency = items[0]!.currency;
  if (items.some((item) => item.currency !== currency)) throw invalidRequest('All line_items must be in the same currency.', { param: 'line_items' });
  if (params.has('currency') && params.requiredCurrency() !== currency) throw invalidRequest('currency must match the currency of line_items.', { param: 'currency' });
  const amount = items.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0);
  const minimum = minimumChargeAmount(currency);
  if (amount < minimum) throw invalidRequest(`The Checkout Session's total amount due must add up to at least ${formatAmount(minimum, currency)} ${currency}`, { code: 'amount_too_small', param: 'line_items' });
  if (amount > MAX_AMOUNT) throw invalidRequest(`Amount must be no more than ${formatAmount(MAX_AMOUNT, currency)} ${currency}`, { code: 'amount_too_large', param: 'line_items' });
  return { items, currency, amount };
}

function createSession(tx: Tx, { params, account }: ApiRequest): Stripe.Checkout.Session {
  const mode = params.oneOf('mode', ['payment', 'setup', 'subscription'] as const);
  if (!mode) throw invalidRequest('Missing required param: mode.', { code: 'parameter_missing', param: 'mode' });
  if (mode === 'subscription') throw invalidRequest('The Stripe emulator supports Checkout Sessions in mode=payment and mode=setup, not subscription.', { param: 'mode' });
  const successUrl = params.requiredString('success_url');
  for (const name of ['success_url', 'cancel_url'] as const) {
    const url = params.string(name);
    if (url && !/^https?:\/\/\S+$/.test(url)) throw invalidRequest(`Not a valid URL`, { code: 'url_invalid', param: name });
  }
  const { items, currency, amount } = mode === 'setup' ? readSetupMode(params) : readPaymentMode(params);
  const customer = params.string('customer') ?? null;
  if (customer && !tx.store.getOwned('customer', customer, account)) throw referencedResourceMissing('customer', customer, 'customer');
  const customerEmail = params.string('customer_email') ?? null;
  if (customer && customerEmail) throw invalidRequest('You may only specify one of these parameters: customer, customer_email.', { param: 'customer_email' });
  const now = tx.now();
  const expiresAt = params.integer('expires_at') ?? now + MAX_EXPIRY_SECONDS;
  if (expiresAt < now + MIN_EXPIRY_SECONDS || expiresAt > now + MAX_EXPIRY_SECONDS) {
    throw invalidRequest('The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.', { param: 'expires_at' });
  }
  const pending = mode === 'setup' ? readSetupIntentData(params, customer) : readPaymentIntentData(tx, params, amount!);
  const id = `cs_test_${tx.newId('x', 58).slice(2)}`;
  const session = {
    id, object: 'checkout.session', adaptive_pricing: null, after_expiration: null, allow_promotion_codes: null, allowed_payment_method_types: null,
    amount_subtotal: amount, amount_total: amount, automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null, cancel_url: params.string('cancel_url') ?? null, client_reference_id: params.string('client_reference_id') ?? null,
    client_secret: null, collected_information: null, consent: null, consent_collection: null, created: now, currency, currency_conversion: null,
    custom_fields: [], custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer, customer_account: null, customer_creation: customer ? null : 'if_required',
    customer_details: customerEmail ? { address: null, business_name: null, email: customerEmail, individual_name: null, name: null, phone: null, tax_exempt: 'none', tax_ids: null } : null,
    customer_email: customerEmail, discounts: [], expires_at: expiresAt, integration_identifier: null, invoice: null,
    invoice_creation: { enabled: false, invoice_data: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: null, metadata: {}, rendering_options: null } },
    livemode: false, locale: params.string('locale') as Stripe.Checkout.Session.Locale | null ?? null, managed_payments: null, metadata: applyMetadata({}, params.metadata()), mode,
    origin_context: null, payment_intent: null, payment_link: null, payment_method_collection: 'if_required', payment_method_configuration_details: null,
    payment_method_options: {}, payment_method_types: params.stringList('payment_method_types') ?? ['card'], payment_status: mode === 'setup' ? 'no_payment_required' : 'unpaid', permissions: null,
    phone_number_collection: { enabled: false }, recovered_from: null, saved_payment_method_options: null, setup_intent: null, shipping_address_collection: null,
    shipping_cost: null, shipping_options: [], status: 'open', submit_type: params.oneOf('submit_type', ['auto', 'book', 'donate', 'pay'] as const) ?? null,
    subscription: null, success_url: successUrl, tax_id_collection: { enabled: false, required: 'never' }, total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted', url: new URL(`/_emulator/checkout/${id}`, tx.settings.baseUrl || 'http://127.0.0.1').toString(), wallet_options: null,
  } satisfies Stripe.Checkout.Session;
  tx.store.insert('checkout_session', account, session);
  tx.store.setCheckoutPaymentIntent(id, { ...pending, lineItems: items });
  return session;
}

/** `setup_intent_data` of a setup-mode session: what its SetupIntent is made with once the buyer gives a card. */
function readSetupIntentData(params: Params, customer: string | null): SetupIntentFields {
  const data = params.object('setup_intent_data', ['description', 'metadata', 'on_behalf_of']);
  if (data?.has('on_behalf_of')) throw invalidRequest('The Stripe emulator does not support setup_intent_data[on_behalf_of].', { param: 'setup_intent_data[on_behalf_of]' });
  return { customer, usage: 'off_session', description: data?.string('description') ?? null, metadata: applyMetadata({}, data?.metadata()) };
}

/**
 * The buyer gives test card `paymentMethod` on the hosted page of open setup-mode session
 * `session`: a SetupIntent (made now, from `setup_intent_data`, for the session's customer) is
 * confirmed with it; on success the session is complete with `setup_intent` set
 * (checkout.session.completed), the card then chargeable off-session for the customer.
 * @returns the SetupIntent (`succeeded`).
 * @throws StripeApiError 402 when the card declines (the session stays open for another card),
 *   400 when the session is not open or not in setup mode.
 */
export function setUpSession(tx: Tx, session: Stripe.Checkout.Session, paymentMethod: string): Stripe.SetupIntent {
  if (session.status !== 'open') throw invalidRequest(`This Checkout Session is ${session.status}.`, { code: 'checkout_session_unexpected_state' });
  if (session.mode !== 'setup') throw invalidRequest('This Checkout Session is not in setup mode.', { code: 'checkout_session_unexpected_state' });
  const account = tx.store.getAny(session.id)?.account ?? null;
  let setupIntent = typeof session.setup_intent === 'string' ? tx.store.get('setup_intent', session.setup_intent) : undefined;
  if (!setupIntent) {
    const pending = tx.store.meta.checkoutPaymentIntents?.[session.id] as SetupIntentFields;
    setupIntent = insertSetupIntent(tx, account, { ...pending, customer: typeof session.customer === 'string' ? session.customer : null });
    session.setup_intent = setupIntent.id;
    tx.store.save(session);
  }
  confirmSetupIntent(tx, setupIntent, paymentMethod, account);
  session.status = 'complete';
  const customer = typeof session.customer === 'string' ? tx.store.get('customer', session.customer) : undefined;
  session.customer_details = { address: null, business_name: null, email: session.customer_email ?? customer?.email ?? null, individual_name: null, name: null, phone: null, tax_exempt: 'none', tax_ids: null };
  tx.store.setCheckoutPaymentIntent(session.id, null);
  tx.store.save(session);
  tx.emit('checkout.session.completed', session, { account });
  return setupIntent;
}

/** The session, expired first when its `expires_at` has passed (as Stripe expires it on its own). */
export function readSession(tx: Tx, id: string, account: string | null | 'any'): Stripe.Checkout.Session {
  const session = account === 'any' ? tx.store.get('checkout_session', id) : tx.store.getOwned('checkout_session', id, account);
  orMissing(session, 'checkout.session', id);
  if (session!.status === 'open' && session!.expires_at <= tx.now()) expire(tx, session!);
  return session!;
}

/**
 * Expires an open session: cancels its PaymentIntent unless paid, emits checkout.session.expired.
 * @throws StripeApiError 400 when the session is not open.
 */
export function expire(tx: Tx, session: Stripe.Checkout.Session): Stripe.Checkout.Session {
  if (session.status !== 'open') throw invalidRequest(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`, { param: 'session' });
  const account = tx.store.getAny(session.id)?.account ?? null;
  const pi = typeof session.payment_intent === 'string' ? tx.store.get('payment_intent', session.payment_intent) : undefined;
  if (pi && pi.status !== 'succeeded' && pi.status !== 'canceled') cancel(tx, pi, 'abandoned', account);
  session.status = 'expired';
  tx.store.setCheckoutPaymentIntent(session.id, null);
  tx.store.save(session);
  tx.emit('checkout.session.expired', session, { account });
  return session;
}

/** The line items a session was made with (for its page). */
export function lineItemsOf(tx: Tx, session: Stripe.Checkout.Session): LineItem[] {
  return ((tx.store.meta.checkoutPaymentIntents?.[session.id] as { lineItems?: LineItem[] } | undefined)?.lineItems) ?? [];
}

/**
 * The buyer pays open session `session` with test card `paymentMethod` on the hosted page: the
 * session's PaymentIntent (made now the first time) is confirmed on-session.
 * @returns the PaymentIntent: `succeeded` (the session is then complete), or `requires_action`
 *   (3-D Secure; `returnUrl` is where the challenge page sends the buyer back).
 * @throws StripeApiError 402 when the card is declined (the session stays open), 400 when the
 *   session is not open.
 */
export function paySession(tx: Tx, session: Stripe.Checkout.Session, paymentMethod: string, returnUrl: string): Stripe.PaymentIntent {
  if (session.status !== 'open') throw invalidRequest(`This Checkout Session is ${session.status}.`, { code: 'checkout_session_unexpected_state' });
  const account = tx.store.getAny(session.id)?.account ?? null;
  let pi = typeof session.payment_intent === 'string' ? tx.store.get('payment_intent', session.payment_intent) : undefined;
  if (!pi) {
    const pending = tx.store.meta.checkoutPaymentIntents?.[session.id] as Omit<PaymentIntentFields, 'amount' | 'currency' | 'customer'>;
    pi = insertPaymentIntent(tx, account, {
      ...pending, amount: session.amount_total!, currency: session.currency!, customer: typeof session.customer === 'string' ? session.customer : null,
      receiptEmail: pending.receiptEmail ?? session.customer_email,
    });
    session.payment_intent = pi.id;
    tx.store.save(session);
  }
  if (pi.status === 'requires_action') {
    // A new card replaces one whose challenge the buyer left unanswered.
    pi.status = 'requires_payment_method';
    pi.next_action = null;
  }
  confirm(tx, pi, paymentMethod, account, { isOffSession: false, returnUrl });
  return pi;
}

/** Completes the open session whose PaymentIntent `pi` just succeeded, if there is one (checkout.session.completed). */
export function completeCheckoutSessionOf(tx: Tx, pi: Stripe.PaymentIntent, account: string | null): void {
  const record = tx.store.all('checkout_session', account).find((r) => r.data.payment_intent === pi.id && r.data.status === 'open');
  if (!record) return;
  const session = record.data;
  session.status = 'complete';
  session.payment_status = 'paid';
  const customer = typeof pi.customer === 'string' ? tx.store.get('customer', pi.customer) : undefined;
  session.customer_details = { address: null, business_name: null, email: session.customer_email ?? customer?.email ?? null, individual_name: null, name: null, phone: null, tax_exempt: 'none', tax_ids: null };
  tx.store.setCheckoutPaymentIntent(session.id, null);
  tx.store.save(session);
  tx.emit('checkout.session.completed', session, { account });
}

export const checkoutSessionRoutes: Route[] = [
  { method: 'POST', path: '/v1/checkout/sessions', params: CREATE_PARAMS, handle: createSession },
  { method: 'GET', path: '/v1/checkout/sessions/:id', params: [], handle: (tx, { account, path }) => readSession(tx, path.id!, account) },
  { method: 'POST', path: '/v1/checkout/sessions/:id/expire', params: [], handle: (tx, { account, path }) => expire(tx, readSession(tx, path.id!, account)) },
  {
    method: 'GET',
    path: '/v1/checkout/sessions',
    params: [...LIST_PARAMS, 'payment_intent', 'customer', 'status'],
    handle: (tx, { account, params }) => {
      const pi = params.string('payment_intent');
      const customer = params.string('customer');
      const status = params.oneOf('status', ['open', 'complete', 'expired'] as const);
      for (const record of tx.store.all('checkout_session', account)) if (record.data.status === 'open' && record.data.expires_at <= tx.now()) expire(tx, record.data);
      const records = tx.store.all('checkout_session', account).filter((r) =>
        (!pi || r.data.payment_intent === pi) && (!customer || r.data.customer === customer) && (!status || r.data.status === status));
      return paginate(records, params, '/v1/checkout/sessions', 'checkout.session');
    },
  },
];
