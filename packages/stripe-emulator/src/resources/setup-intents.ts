/**
 * SetupIntents: save a card on a customer for later off-session charges, without charging it
 * (docs.stripe.com/payments/save-and-reuse). Create (optionally `confirm=true`), retrieve, list.
 * Confirming with a test card from test-cards.ts: `succeeded` at once (setup_intent.succeeded),
 * or — for a card that declines (its own decline, as Stripe's card check refuses it at setup) —
 * back to `requires_payment_method` with `last_setup_error` and a 402 `card_error` answer
 * carrying the SetupIntent (setup_intent.setup_failed), as Stripe answers. As at Stripe,
 * pm_card_chargeCustomerFail attaches fine and only its later charges fail. 3-D Secure at setup is
 * not emulated: a card that needs it is refused with 400 (use it with a PaymentIntent instead).
 * A Checkout Session in `mode=setup` makes a SetupIntent here when the buyer completes it
 * (checkout-sessions.ts).
 */
import type Stripe from 'stripe';
import type { Tx } from '../core.ts';
import { StripeApiError, invalidRequest, orMissing, referencedResourceMissing } from '../errors.ts';
import type { ApiRequest, Route } from '../http/router.ts';
import { LIST_PARAMS, paginate } from '../lists.ts';
import { applyMetadata } from '../params.ts';
import { requireTestCard } from './payment-intents.ts';

const CREATE_PARAMS = ['customer', 'payment_method', 'confirm', 'usage', 'description', 'metadata', 'payment_method_types', 'return_url', 'automatic_payment_methods'];

/** What a SetupIntent made by another object (a Checkout Session in setup mode) is made of. */
export interface SetupIntentFields {
  customer: string | null;
  usage: 'off_session' | 'on_session';
  description: string | null;
  metadata: Record<string, string>;
}

/** Creates a SetupIntent in `requires_payment_method` (validated by the caller); emits setup_intent.created. */
export function insertSetupIntent(tx: Tx, account: string | null, fields: SetupIntentFields): Stripe.SetupIntent {
  const id = tx.newId('seti');
  const setupIntent: Stripe.SetupIntent = {
    id, object: 'setup_intent', allowed_payment_method_types: null, application: null, automatic_payment_methods: null, cancellation_reason: null,
    client_secret: `${id}_secret_${tx.newId('x', 25).slice(2)}`, created: tx.now(), customer: fields.customer, description: fields.description,
    excluded_payment_method_types: null, flow_directions: null, last_setup_error: null, latest_attempt: null, livemode: false, mandate: null,
    metadata: { ...fields.metadata }, next_action: null, on_behalf_of: null, payment_method: null, payment_method_configuration_details: null,
    payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' } }, payment_method_types: ['card'],
    single_use_mandate: null, status: 'requires_payment_method', usage: fields.usage,
  };
  tx.store.insert('setup_intent', account, setupIntent);
  tx.emit('setup_intent.created', setupIntent, { account });
  return setupIntent;
}

/**
 * Confirms `setupIntent` with test card `paymentMethod`: `succeeded` (setup_intent.succeeded), the
 * card then chargeable off-session for its customer.
 * @throws StripeApiError 402 `card_error` (with `setup_intent`) when the card declines — the
 *   SetupIntent is kept in `requires_payment_method` with `last_setup_error`
 *   (setup_intent.setup_failed); 400 for a 3-D Secure card, or a SetupIntent not awaiting confirmation.
 */
export function confirmSetupIntent(tx: Tx, setupIntent: Stripe.SetupIntent, paymentMethod: string, account: string | null): void {
  if (setupIntent.status !== 'requires_payment_method' && setupIntent.status !== 'requires_confirmation') {
    throw invalidRequest(`You cannot confirm this SetupIntent because it has a status of ${setupIntent.status}.`, { code: 'setup_intent_unexpected_state' });
  }
  const card = requireTestCard(paymentMethod);
  if (card.threeDSecure) throw invalidRequest('The Stripe emulator does not emulate 3-D Secure on SetupIntents; use a card without authentication.', { param: 'payment_method' });
  setupIntent.payment_method = paymentMethod;
  if (card.decline) {
    const error = { type: 'card_error' as const, code: card.decline.code, decline_code: card.decline.declineCode, message: card.decline.message };
    setupIntent.status = 'requires_payment_method';
    setupIntent.last_setup_error = { ...error, payment_method_type: 'card' };
    setupIntent.payment_method = null;
    tx.store.save(setupIntent);
    tx.emit('setup_intent.setup_failed', setupIntent, { account });
    throw new StripeApiError(402, { ...error, setup_intent: structuredClone(setupIntent) });
  }
  setupIntent.status = 'succeeded';
  setupIntent.last_setup_error = null;
  tx.store.save(setupIntent);
  tx.emit('setup_intent.succeeded', setupIntent, { account });
}

function createSetupIntent(tx: Tx, { params, account }: ApiRequest): Stripe.SetupIntent {
  const customer = params.string('customer') ?? null;
  if (customer && !tx.store.getOwned('customer', customer, account)) throw referencedResourceMissing('customer', customer, 'customer');
  const paymentMethod = params.string('payment_method') ?? null;
  if (paymentMethod) requireTestCard(paymentMethod);
  const isConfirmed = params.boolean('confirm') ?? false;
  if (isConfirmed && !paymentMethod) {
    throw invalidRequest('You cannot confirm this SetupIntent because it\'s missing a payment method. Specify payment_method.', { code: 'setup_intent_unexpected_state', param: 'payment_method' });
  }
  const types = params.stringList('payment_method_types');
  if (types && types.some((type) => type !== 'card')) throw invalidRequest('The Stripe emulator supports payment_method_types card only.', { param: 'payment_method_types' });
  const setupIntent = insertSetupIntent(tx, account, {
    customer, usage: params.oneOf('usage', ['off_session', 'on_session'] as const) ?? 'off_session',
    description: params.string('description') ?? null, metadata: applyMetadata({}, params.metadata()),
  });
  if (paymentMethod) {
    setupIntent.payment_method = paymentMethod;
    setupIntent.status = 'requires_confirmation';
    tx.store.save(setupIntent);
  }
  if (isConfirmed) confirmSetupIntent(tx, setupIntent, paymentMethod!, account);
  return setupIntent;
}

export const setupIntentRoutes: Route[] = [
  { method: 'POST', path: '/v1/setup_intents', params: CREATE_PARAMS, handle: createSetupIntent },
  { method: 'GET', path: '/v1/setup_intents/:id', params: ['client_secret'], handle: (tx, { account, path }) => orMissing(tx.store.getOwned('setup_intent', path.id!, account), 'setup_intent', path.id!) },
  {
    method: 'GET',
    path: '/v1/setup_intents',
    params: [...LIST_PARAMS, 'customer', 'payment_method'],
    handle: (tx, { account, params }) => {
      const customer = params.string('customer');
      const paymentMethod = params.string('payment_method');
      const records = tx.store.all('setup_intent', account).filter((r) => (!customer || r.data.customer === customer) && (!paymentMethod || r.data.payment_method === paymentMethod));
      return paginate(records, params, '/v1/setup_intents', 'setup_intent');
    },
  },
];
