/**
 * The emulator's answers checked against Stripe's published OpenAPI description (the excerpt in
 * ../openapi/, API version in STRIPE_API_VERSION) and Stripe's sample objects.
 *
 * One scenario drives every endpoint the emulator serves through the real `stripe` SDK (plus a
 * few raw requests), across the states its objects go through: PaymentIntents declined,
 * awaiting confirmation, succeeded, canceled; refunds succeeded, pending, failed, canceled;
 * chargebacks and inquiries won and lost; payouts pending, in transit, paid, failed, canceled;
 * platform and connected-account objects (`Stripe-Account`); `expand[]`. The SDK's HTTP client
 * records every answer, and each one is validated as a whole: an object against the schema of
 * its `object` type, a list against the list endpoint's 200 schema (items included), the
 * PaymentIntent inside a card error, and each event's `data.object` against its own type —
 * events read through the API and events delivered to a webhook endpoint alike.
 *
 * Coverage is enforced: every object type in STRIPE_OBJECT_TYPES and every list path in
 * STRIPE_LIST_PATHS must have been returned at least once, and every route of
 * src/resources/*.ts must have answered 2xx, so a new endpoint cannot go unchecked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchRoute, type Route } from '../src/http/router.ts';
import { buyPlugin, createCreatorAccount, onboardThroughAccountLink, sdkFor, startHarness, WebhookReceiver, type EmulatorHarness } from '../src/testing.ts';
import { assertMatchesStripeComponent, assertMatchesStripeListResponse, assertMatchesStripeSchema, STRIPE_API_VERSION, STRIPE_LIST_PATHS, STRIPE_OBJECT_TYPES } from './openapi-schemas.ts';

type Json = Record<string, unknown>;

/** One answer of the emulator, as the SDK (or a raw request) received it. */
interface Exchange {
  method: string;
  pathname: string;
  search: string;
  status: number;
  body: unknown;
}

/** Something validated: where it came from, and the error message if it does not match. */
interface Checked {
  type: string;
  source: string;
  value: Json;
  /** Top-level answer of a request (compared with Stripe's sample), not a nested or event object. */
  isTopLevel: boolean;
  failure?: string;
}

const resourcesDir = fileURLToPath(new URL('../src/resources/', import.meta.url));
/** Every route the emulator's resource modules export (`…Routes` arrays). */
/**
 * Object types the emulator returns whose schema is vendored only as a reference from another
 * (`file`, from `dispute_evidence`): checked against that schema; Stripe's samples do not cover them.
 */
const REFERENCED_OBJECT_TYPES: readonly string[] = ['file'];

const ROUTES: Route[] = [];
for (const file of readdirSync(resourcesDir).filter((name) => name.endsWith('.ts')).sort()) {
  const module = (await import(pathToFileURL(path.join(resourcesDir, file)).href)) as Record<string, unknown>;
  for (const [name, value] of Object.entries(module)) if (name.endsWith('Routes') && Array.isArray(value)) ROUTES.push(...(value as Route[]));
}

const samples = (JSON.parse(readFileSync(new URL('../openapi/fixtures.json', import.meta.url), 'utf8')) as { resources: Record<string, Json> }).resources;

/**
 * Top-level fields of Stripe's samples (fixtures.json) that the emulator's objects leave out,
 * on purpose or not yet (a fix belongs in src/resources/). Each entry must still be needed: once
 * the emulator sends the field, the test of the entry fails and the entry should go.
 */
const SAMPLE_FIELD_GAPS: ReadonlyArray<{ type: string; fields: readonly string[]; why: string; applies(value: Json, platformAccountId: string): boolean }> = [
  { type: 'charge', fields: ['refunds'], why: 'Stripe too sends a charge\'s refunds only when expanded (since API 2022-11-15)', applies: () => true },
  { type: 'account', fields: ['settings'], why: 'account settings (branding, payout schedule, …) are not emulated', applies: () => true },
  {
    type: 'refund',
    fields: ['destination_details'],
    why: 'the refund of a connected account\'s payment made by a transfer reversal (pyr_…, resources/transfers.ts) has no destination_details (a field newer than API 2023-08-16)',
    applies: (value) => String(value.id).startsWith('pyr_'),
  },
];

/** States each object must have been seen in (`status`, or `type` for accounts and balance transactions; accounts also restricted and onboarded). */
const EXPECTED_VARIANTS: Record<string, readonly string[]> = {
  payment_intent: ['requires_payment_method', 'requires_confirmation', 'requires_action', 'succeeded', 'canceled'],
  setup_intent: ['requires_payment_method', 'requires_confirmation', 'succeeded'],
  'checkout.session': ['open', 'complete', 'expired'],
  charge: ['succeeded', 'failed'],
  refund: ['succeeded', 'pending', 'failed', 'canceled'],
  dispute: ['needs_response', 'under_review', 'won', 'lost', 'warning_needs_response', 'warning_under_review', 'warning_closed'],
  payout: ['pending', 'in_transit', 'paid', 'failed', 'canceled'],
  account: ['express', 'custom', 'standard', 'restricted', 'onboarded'],
  balance_transaction: [
    'charge', 'refund', 'refund_failure', 'transfer', 'transfer_refund', 'application_fee', 'application_fee_refund', 'adjustment', 'payment',
    'payment_refund', 'payout', 'payout_failure', 'payout_cancel',
  ],
};

function variantsOf(item: Checked): string[] {
  const value = item.value;
  if (item.type === 'account') return [String(value.type), isObject(value.capabilities) && value.capabilities.transfers === 'active' ? 'onboarded' : 'restricted'];
  if (item.type === 'balance_transaction') return typeof value.type === 'string' ? [value.type] : [];
  return typeof value.status === 'string' ? [value.status] : [];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function failureOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The spec's path for a concrete list URL (`/v1/transfers/tr_1/reversals` → `/v1/transfers/{id}/reversals`), if vendored. */
function listPathOf(pathname: string): string | undefined {
  return STRIPE_LIST_PATHS.find((specPath) => new RegExp(`^${specPath.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname));
}

describe(`emulator answers match Stripe's OpenAPI description (API ${STRIPE_API_VERSION})`, () => {
  let harness: EmulatorHarness;
  let receiver: WebhookReceiver;
  let platformAccountId = '';
  const exchanges: Exchange[] = [];
  const deliveredEvents: Json[] = [];
  const objects: Checked[] = [];
  const lists: Array<{ specPath: string; source: string; failure?: string }> = [];
  const unknownTypes: string[] = [];
  const referencedObjects: Checked[] = [];

  /** fetch that keeps a copy of every answer. */
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    const text = await response.clone().text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: recorded as text, and fails the checks below
    }
    exchanges.push({ method: (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase(), pathname: url.pathname, search: url.search, status: response.status, body });
    return response;
  };

  /** A raw API request (no SDK) with the Authorization header, recorded like the SDK's. */
  const raw = async (method: string, pathAndQuery: string, headers: Record<string, string> = {}): Promise<Json> => {
    const response = await recordingFetch(`${harness.emulator.url}${pathAndQuery}`, { method, headers: { authorization: 'Bearer sk_test_conformance', ...headers } });
    expect(response.status, `${method} ${pathAndQuery}`).toBe(200);
    return (await response.json()) as Json;
  };

  const checkObject = (value: Json, source: string, isTopLevel: boolean) => {
    const type = String(value.object);
    if (REFERENCED_OBJECT_TYPES.includes(type)) {
      referencedObjects.push({ type, source, value, isTopLevel, failure: failureOf(() => assertMatchesStripeComponent(type, value)) });
      return;
    }
    if (!STRIPE_OBJECT_TYPES.includes(type)) {
      unknownTypes.push(`${source}: object '${type}'`);
      return;
    }
    objects.push({ type, source, value, isTopLevel, failure: failureOf(() => assertMatchesStripeSchema(type, value)) });
  };

  /** Validates what the scenario recorded (every answer, every event's data.object). */
  const validateAll = () => {
    const events: Array<{ event: Json; source: string }> = [];
    for (const exchange of exchanges) {
      const source = `${exchange.method} ${exchange.pathname}${exchange.search}`;
      const body = exchange.body;
      if (!isObject(body)) {
        unknownTypes.push(`${source}: not a JSON object (HTTP ${exchange.status})`);
        continue;
      }
      if (exchange.status >= 400) {
        // A card error carries the PaymentIntent as it is after the decline.
        const payment = isObject(body.error) ? body.error.payment_intent : undefined;
        if (isObject(payment)) checkObject(payment, `${source} → error.payment_intent`, true);
        const setup = isObject(body.error) ? body.error.setup_intent : undefined;
        if (isObject(setup)) checkObject(setup, `${source} → error.setup_intent`, true);
        continue;
      }
      if (body.object === 'list') {
        const specPath = listPathOf(exchange.pathname);
        if (!specPath) {
          unknownTypes.push(`${source}: a list from a path with no vendored list schema`);
          continue;
        }
        lists.push({ specPath, source, failure: failureOf(() => assertMatchesStripeListResponse(exchange.pathname, body)) });
        // Each item on its own too, so that it counts for its type (states, sample fields).
        for (const [index, item] of ((body.data as unknown[]) ?? []).entries()) {
          if (!isObject(item)) continue;
          checkObject(item, `${source} → data[${index}] ${String(item.id)}`, true);
          if (item.object === 'event') events.push({ event: item, source: `${source} → ${String(item.id)}` });
        }
        continue;
      }
      checkObject(body, source, true);
      if (body.object === 'event') events.push({ event: body, source });
    }
    for (const event of deliveredEvents) {
      checkObject(event, `webhook delivery ${String(event.id)} (${String(event.type)})`, true);
      events.push({ event, source: `webhook delivery ${String(event.id)}` });
    }
    for (const { event, source } of events) {
      const data = event.data;
      const object = isObject(data) ? data.object : undefined;
      if (!isObject(object)) {
        unknownTypes.push(`${source}: data.object is not an object`);
        continue;
      }
      checkObject(object, `${source} (${String(event.type)}) → data.object`, false);
    }
  };

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    harness = await startHarness({ webhooks: { url: receiver.url, connect: { url: receiver.url } } });
    const { emulator } = harness;
    platformAccountId = emulator.platformAccountId;
    const stripe = sdkFor(emulator, { httpClient: Stripe.createFetchHttpClient(recordingFetch) });
    const flush = () => emulator.flush();
    const declined = (promise: Promise<unknown>) => promise.then(() => Promise.reject(new Error('expected a card decline')), (error: unknown) => {
      expect(error).toMatchObject({ type: 'StripeCardError', statusCode: 402 });
    });

    // Accounts: Express (a creator), Custom in Japan, Standard in Germany; the platform's own.
    const creator = await createCreatorAccount(stripe, 'creator@example.com');
    const japan = await stripe.accounts.create({ type: 'custom', country: 'JP', email: 'jp@example.com', capabilities: { card_payments: { requested: true }, transfers: { requested: true } } });
    await onboardThroughAccountLink(stripe, japan.id);
    const germany = await stripe.accounts.create({ type: 'standard', country: 'DE', email: 'de@example.com' });
    await stripe.accounts.retrieve(creator.id);
    await stripe.accounts.update(creator.id, { metadata: { creator: 'c-1' }, business_profile: { name: 'Plugin Studio', url: 'https://plugins.example.com' } });
    await stripe.accounts.retrieveCurrent();
    await stripe.accounts.retrieveCurrent({}, { stripeAccount: creator.id });
    await stripe.accounts.retrieve(emulator.platformAccountId);
    await stripe.accounts.list({ limit: 2 });
    await stripe.accountLinks.create({ account: creator.id, refresh_url: 'https://marketdesk.example/refresh', return_url: 'https://marketdesk.example/return', type: 'account_onboarding' });
    await stripe.accounts.createLoginLink(creator.id);
    await emulator.control.setAccountStatus(germany.id, { charges_enabled: false, payouts_enabled: false, disabled_reason: 'requirements.past_due' });
    await stripe.accounts.retrieve(germany.id);

    // Customers, on the platform and on a connected account.
    const customer = await stripe.customers.create({ email: 'buyer@example.com', name: 'Buyer', metadata: { user: 'u-1' }, preferred_locales: ['en'] });
    await stripe.customers.retrieve(customer.id);
    await stripe.customers.update(customer.id, { description: 'Frequent buyer', phone: '+15555550100' });
    await stripe.customers.list({ email: 'buyer@example.com' });
    await stripe.customers.create({ email: 'local@example.com' }, { stripeAccount: creator.id });
    await stripe.customers.list({}, { stripeAccount: creator.id });

    // PaymentIntents: destination charges with a fee, a transfer amount, another currency; a plain charge.
    const sale = await buyPlugin(stripe, { creator: creator.id, amount: 10_000, fee: 1000, metadata: { order: 'o-1' } });
    await stripe.paymentIntents.retrieve(sale.id, { expand: ['latest_charge'] });
    await stripe.paymentIntents.retrieve(sale.id, { expand: ['latest_charge.balance_transaction', 'customer'] });
    const split = await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', transfer_data: { destination: creator.id, amount: 4000 }, payment_method: 'pm_card_mastercard', confirm: true });
    await buyPlugin(stripe, { creator: japan.id, amount: 3000, fee: 300, currency: 'jpy', paymentMethod: 'pm_card_jp' });
    const direct = await stripe.paymentIntents.create({ amount: 20_000, currency: 'usd', customer: customer.id, description: 'Platform sale', payment_method: 'pm_card_amex', confirm: true, receipt_email: 'buyer@example.com' });

    // A PaymentIntent made, updated, then confirmed; another left awaiting confirmation, then canceled.
    // payment_method_types: the emulator takes it (Stripe does too); this SDK's types no longer list it.
    const laterParams = { amount: 1500, currency: 'usd', customer: customer.id, payment_method_types: ['card'], setup_future_usage: 'off_session' as const };
    const later = await stripe.paymentIntents.create(laterParams);
    await stripe.paymentIntents.update(later.id, { metadata: { cart: 'k-7' }, payment_method: 'pm_card_visa_debit', description: 'Later' });
    await stripe.paymentIntents.confirm(later.id, { receipt_email: 'buyer@example.com' });
    const waiting = await stripe.paymentIntents.create({ amount: 2500, currency: 'usd', payment_method: 'pm_card_visa', automatic_payment_methods: { enabled: true, allow_redirects: 'never' } });
    await stripe.paymentIntents.retrieve(waiting.id);
    await stripe.paymentIntents.cancel(waiting.id, { cancellation_reason: 'abandoned' });

    // Declines: a declining card; a saved card charged off-session, which the bank then declines.
    await declined(stripe.paymentIntents.create({ amount: 1200, currency: 'usd', payment_method: 'pm_card_chargeDeclinedInsufficientFunds', confirm: true }));
    await stripe.paymentIntents.create({ amount: 1300, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true, off_session: true });
    await emulator.control.declineCustomerCharges(customer.id, 'expired_card');
    await declined(stripe.paymentIntents.create({ amount: 1300, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true, off_session: true }));
    await emulator.control.declineCustomerCharges(customer.id, null);
    const declinedIntent = (await stripe.paymentIntents.list({ customer: customer.id, limit: 1 })).data[0]!;
    await stripe.paymentIntents.retrieve(declinedIntent.id, { expand: ['latest_charge'] });
    await stripe.paymentIntents.list({ limit: 100 });

    // Charges.
    const saleCharge = sale.latest_charge as string;
    await stripe.charges.retrieve(saleCharge);
    await stripe.charges.update(saleCharge, { description: 'Plugin sale', metadata: { reconciled: 'no' } });
    await stripe.charges.list({ payment_intent: sale.id });
    await stripe.charges.list({ limit: 100, expand: ['data.balance_transaction'] });
    await stripe.charges.list({ customer: customer.id });
    const payments = await stripe.charges.list({}, { stripeAccount: creator.id });
    await stripe.charges.retrieve(payments.data[0]!.id, {}, { stripeAccount: creator.id });

    // Refunds: succeeded (with the transfer and fee shares), pending then succeeded, pending then
    // canceled, forced to fail, failing by test card.
    const partial = await stripe.refunds.create({ charge: saleCharge, amount: 2500, reverse_transfer: true, refund_application_fee: true, reason: 'requested_by_customer' });
    await stripe.refunds.update(partial.id, { metadata: { ticket: 't-1' } });
    const pending = await stripe.refunds.create({ payment_intent: direct.id, amount: 1000, metadata: { emulator_refund_status: 'pending' } });
    await stripe.refunds.retrieve(pending.id);
    await emulator.control.succeedRefund(pending.id);
    const toCancel = await stripe.refunds.create({ payment_intent: direct.id, amount: 1000, metadata: { emulator_refund_status: 'pending' } });
    await stripe.refunds.cancel(toCancel.id);
    const failing = await stripe.refunds.create({ payment_intent: direct.id, amount: 500, metadata: { emulator_refund_status: 'failed' } });
    const refundFail = await stripe.paymentIntents.create({ amount: 800, currency: 'usd', payment_method: 'pm_card_refundFail', confirm: true });
    const failingByCard = await stripe.refunds.create({ payment_intent: refundFail.id });
    await flush();
    await stripe.refunds.retrieve(failing.id, { expand: ['charge'] });
    await stripe.refunds.retrieve(failingByCard.id);
    await stripe.refunds.create({ charge: split.latest_charge as string, reverse_transfer: true });
    await stripe.charges.retrieve(saleCharge, { expand: ['refunds'] });
    await stripe.charges.retrieve(direct.latest_charge as string, { expand: ['refunds', 'balance_transaction'] });
    await stripe.refunds.list({ charge: direct.latest_charge as string });
    await stripe.refunds.list({ payment_intent: sale.id });
    await stripe.refunds.list({ limit: 100 });
    await stripe.refunds.list({}, { stripeAccount: creator.id });

    // Disputes: a chargeback from a test card, evidence saved then submitted and won; one opened
    // by control and lost; one accepted (closed); an inquiry submitted and closed.
    const disputed = await buyPlugin(stripe, { creator: creator.id, amount: 4000, fee: 400, paymentMethod: 'pm_card_createDispute' });
    await flush();
    const [chargeback] = (await stripe.disputes.list({ payment_intent: disputed.id })).data;
    const receipt = await stripe.files.create({ purpose: 'dispute_evidence', file: { data: Buffer.from('%PDF-1.4\n%%EOF\n'), name: 'receipt.pdf', type: 'application/pdf' } });
    await stripe.files.retrieve(receipt.id);
    await stripe.disputes.update(chargeback!.id, { evidence: { product_description: 'A code-editor plugin', receipt: receipt.id }, metadata: { case: 'd-1' }, submit: false });
    await stripe.disputes.update(chargeback!.id, { evidence: { uncategorized_text: 'winning_evidence' } });
    await stripe.disputes.retrieve(chargeback!.id);
    await flush();
    await stripe.disputes.retrieve(chargeback!.id, { expand: ['charge', 'payment_intent'] });
    const lostSale = await buyPlugin(stripe, { creator: creator.id, amount: 3500, fee: 350 });
    const lost = await emulator.control.openDispute(lostSale.latest_charge as string, { reason: 'product_not_received' });
    await emulator.control.resolveDispute(lost.id, 'lost');
    await stripe.disputes.retrieve(lost.id);
    const accepted = await emulator.control.openDispute((await buyPlugin(stripe, { creator: creator.id, amount: 2000, fee: 200 })).latest_charge as string, { amount: 1500, reason: 'duplicate' });
    await stripe.disputes.close(accepted.id);
    const inquiryIntent = await buyPlugin(stripe, { creator: creator.id, amount: 2200, fee: 220, paymentMethod: 'pm_card_createDisputeInquiry' });
    await flush();
    const [inquiry] = (await stripe.disputes.list({ charge: inquiryIntent.latest_charge as string })).data;
    await stripe.disputes.update(inquiry!.id, { evidence: { customer_name: 'Buyer' } });
    await stripe.disputes.close(inquiry!.id);
    await stripe.disputes.list({ limit: 100 });

    // Transfers and reversals, through the API.
    const transfer = await stripe.transfers.create({ amount: 1000, currency: 'usd', destination: creator.id, transfer_group: 'bonus-1', description: 'Bonus', metadata: { reason: 'contest' } });
    await stripe.transfers.create({ amount: 500, currency: 'usd', destination: japan.id, source_transaction: direct.latest_charge as string });
    await stripe.transfers.retrieve(transfer.id, { expand: ['destination', 'destination_payment', 'balance_transaction'] });
    await stripe.transfers.update(transfer.id, { metadata: { paid: 'yes' } });
    await stripe.transfers.list({ destination: creator.id, limit: 100 });
    const reversal = await stripe.transfers.createReversal(transfer.id, { amount: 300, metadata: { why: 'overpaid' } });
    await stripe.transfers.retrieveReversal(transfer.id, reversal.id);
    const saleTransfer = (await stripe.charges.retrieve(saleCharge)).transfer as string;
    await stripe.transfers.createReversal(saleTransfer, { amount: 1000, refund_application_fee: true });
    await stripe.transfers.listReversals(transfer.id);
    await stripe.transfers.listReversals(saleTransfer, { limit: 100 });

    // Application fees and fee refunds.
    const fees = await stripe.applicationFees.list({ limit: 100 });
    await stripe.applicationFees.list({ charge: saleCharge });
    const fee = fees.data.find((item) => item.amount_refunded === 0)!;
    const feeRefund = await stripe.applicationFees.createRefund(fee.id, { amount: 50, metadata: { goodwill: 'yes' } });
    await stripe.applicationFees.createRefund(fee.id);
    await stripe.applicationFees.retrieve(fee.id, { expand: ['account', 'originating_transaction'] });
    await stripe.applicationFees.retrieveRefund(fee.id, feeRefund.id);
    await stripe.applicationFees.listRefunds(fee.id);
    const saleFee = (await stripe.charges.retrieve(saleCharge)).application_fee as string;
    await stripe.applicationFees.listRefunds(saleFee, { limit: 100 });

    // Payouts of a connected account: paid, in transit, failed, canceled, pending; one of the platform's.
    const onCreator = { stripeAccount: creator.id };
    const paid = await stripe.payouts.create({ amount: 1000, currency: 'usd', description: 'Weekly' }, onCreator);
    await emulator.control.settlePayout(paid.id, 'paid');
    const inTransit = await stripe.payouts.create({ amount: 700, currency: 'usd', method: 'instant' }, onCreator);
    await emulator.control.settlePayout(inTransit.id, 'in_transit');
    const bounced = await stripe.payouts.create({ amount: 600, currency: 'usd' }, onCreator);
    await emulator.control.settlePayout(bounced.id, 'failed', 'account_closed');
    const canceled = await stripe.payouts.create({ amount: 500, currency: 'usd' }, onCreator);
    await stripe.payouts.cancel(canceled.id, {}, onCreator);
    const open = await stripe.payouts.create({ amount: 400, currency: 'usd', metadata: { batch: 'b-1' } }, onCreator);
    await stripe.payouts.update(open.id, { metadata: { batch: 'b-2' } }, onCreator);
    await stripe.payouts.retrieve(bounced.id, { expand: ['failure_balance_transaction'] }, onCreator);
    await stripe.payouts.list({ limit: 100 }, onCreator);
    await stripe.payouts.list({ status: 'paid' }, onCreator);
    await stripe.payouts.list({ arrival_date: { gte: paid.arrival_date }, destination: String(paid.destination) }, onCreator);
    await stripe.payouts.create({ amount: 100, currency: 'usd' });
    await stripe.payouts.list();

    // Checkout Sessions: paid on the hosted page after a 3-D Secure challenge; one expired after a decline; one left open.
    const checkout = () => stripe.checkout.sessions.create({
      mode: 'payment', customer: customer.id, success_url: 'https://marketdesk.example/ok?cs={CHECKOUT_SESSION_ID}', cancel_url: 'https://marketdesk.example/back',
      line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 4000, product_data: { name: 'Plugin' } } }],
      payment_intent_data: { application_fee_amount: 400, transfer_data: { destination: creator.id }, metadata: { purchase_id: 'pur_c' }, setup_future_usage: 'off_session' },
    });
    const pay = (url: string, form: Record<string, string>) => fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
    const paidSession = await checkout();
    const challenge = (await pay(paidSession.url!, { card_number: '4000002500003155' })).headers.get('location')!;
    await stripe.paymentIntents.retrieve((await stripe.checkout.sessions.retrieve(paidSession.id)).payment_intent as string);
    await pay(challenge, { outcome: 'complete' });
    await stripe.checkout.sessions.retrieve(paidSession.id, { expand: ['payment_intent'] });
    const expiring = await checkout();
    await pay(expiring.url!, { card_number: '4000000000000002' });
    await stripe.checkout.sessions.expire(expiring.id);
    await checkout();
    await stripe.checkout.sessions.list({ limit: 100 });
    await stripe.checkout.sessions.list({ status: 'complete', customer: customer.id });

    // Saving a card: a SetupIntent confirmed server-side, one declined, one left awaiting confirmation; a setup-mode session completed on its page.
    const saved = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_visa', confirm: true, usage: 'off_session', metadata: { trial: 't-1' } });
    await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_chargeDeclined', confirm: true }).catch(() => undefined);
    await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_mastercard' });
    await stripe.setupIntents.retrieve(saved.id);
    await stripe.setupIntents.list({ customer: customer.id });
    const setupSession = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', customer: customer.id, success_url: 'https://marketdesk.example/ok', setup_intent_data: { metadata: { trial: 't-2' } } });
    await pay(setupSession.url!, { card_number: '4242424242424242' });
    await stripe.checkout.sessions.retrieve(setupSession.id, { expand: ['setup_intent'] });

    // Balances and balance transactions, platform and connected accounts.
    await stripe.balance.retrieve();
    await stripe.balance.retrieve({}, onCreator);
    await stripe.balance.retrieve({}, { stripeAccount: japan.id });
    await stripe.balance.retrieve({}, { stripeAccount: germany.id });
    const transactions = await stripe.balanceTransactions.list({ limit: 100 });
    await stripe.balanceTransactions.retrieve(transactions.data[0]!.id);
    await stripe.balanceTransactions.list({ type: 'charge', currency: 'usd' });
    await stripe.balanceTransactions.list({ limit: 100 }, onCreator);
    await stripe.balanceTransactions.list({ limit: 100 }, { stripeAccount: japan.id });
    await stripe.balanceTransactions.list({ source: saleCharge });
    await stripe.balanceTransactions.list({ payout: bounced.id }, onCreator);

    // Events: every one, through the SDK's auto-pagination, per account, filtered, one by id.
    await emulator.waitForDeliveries();
    await stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 });
    await stripe.events.list({ limit: 100 }, onCreator).autoPagingToArray({ limit: 10_000 });
    await stripe.events.list({ limit: 100 }, { stripeAccount: japan.id });
    await stripe.events.list({ type: 'charge.dispute.*' });
    await stripe.events.list({ types: ['refund.failed', 'refund.updated'], delivery_success: true });
    const [firstEvent] = (await stripe.events.list({ limit: 1 })).data;
    await stripe.events.retrieve(firstEvent!.id);

    // Raw requests, as curl would send them.
    await raw('GET', '/v1/charges?limit=3&expand[]=data.refunds');
    await raw('GET', `/v1/transfers/${transfer.id}/reversals?limit=1`);
    await raw('GET', `/v1/application_fees/${fee.id}/refunds`);
    await raw('GET', '/v1/events?limit=5', { 'stripe-account': creator.id });

    deliveredEvents.push(...(receiver.events(emulator.webhookSecret, emulator.connectWebhookSecret) as unknown as Json[]));
    validateAll();
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
    await receiver?.close();
  });

  describe('objects', () => {
    it.each([...STRIPE_OBJECT_TYPES])('%s: every one returned matches its schema', (type) => {
      const checked = objects.filter((item) => item.type === type);
      expect(checked.length, `no ${type} was returned: exercise it in this scenario`).toBeGreaterThan(0);
      const failures = checked.filter((item) => item.failure).map((item) => `${item.source}\n${item.failure!}`);
      expect(failures, failures.join('\n\n')).toEqual([]);
    });

    it.each([...REFERENCED_OBJECT_TYPES])('%s (vendored as a reference): every one returned matches its schema', (type) => {
      const checked = referencedObjects.filter((item) => item.type === type);
      expect(checked.length, `no ${type} was returned: exercise it in this scenario`).toBeGreaterThan(0);
      const failures = checked.filter((item) => item.failure).map((item) => `${item.source}\n${item.failure!}`);
      expect(failures, failures.join('\n\n')).toEqual([]);
    });

    it('returns no object type, list or body the vendored spec does not describe', () => {
      expect(unknownTypes).toEqual([]);
    });

    it.each(Object.entries(EXPECTED_VARIANTS))('%s: checked in every state the emulator produces', (type, variants) => {
      const seen = new Set(objects.filter((item) => item.type === type).flatMap(variantsOf));
      expect(variants.filter((variant) => !seen.has(variant))).toEqual([]);
    });

    it('checks expanded fields: latest_charge, a charge\'s refunds, transfer destinations, a card error\'s PaymentIntent', () => {
      const has = (type: string, test: (value: Json) => boolean) => objects.some((item) => item.type === type && item.isTopLevel && test(item.value));
      expect(has('payment_intent', (pi) => isObject(pi.latest_charge) && pi.latest_charge.object === 'charge')).toBe(true);
      expect(has('charge', (charge) => isObject(charge.refunds) && (charge.refunds.data as unknown[]).length > 0)).toBe(true);
      expect(has('transfer', (transfer) => isObject(transfer.destination) && isObject(transfer.destination_payment))).toBe(true);
      expect(has('dispute', (dispute) => isObject(dispute.charge) && isObject(dispute.payment_intent))).toBe(true);
      expect(objects.some((item) => item.source.includes('error.payment_intent') && isObject(item.value.last_payment_error))).toBe(true);
    });

    it.each([...STRIPE_OBJECT_TYPES])('%s: carries every top-level field of Stripe\'s sample object', (type) => {
      const missing = objects
        .filter((item) => item.type === type && item.isTopLevel)
        .map((item) => {
          const excused = new Set(SAMPLE_FIELD_GAPS.filter((gap) => gap.type === type && gap.applies(item.value, platformAccountId)).flatMap((gap) => gap.fields));
          return { source: item.source, missing: Object.keys(samples[type]!).filter((key) => !(key in item.value) && !excused.has(key)) };
        })
        .filter((item) => item.missing.length > 0);
      expect(missing).toEqual([]);
    });

    it.each(SAMPLE_FIELD_GAPS.map((gap) => ({ ...gap, name: `${gap.type}: ${gap.fields.join(', ')}` })))('known gap still there ($name)', (gap) => {
      const concerned = objects.filter((item) => item.type === gap.type && item.isTopLevel && gap.applies(item.value, platformAccountId));
      expect(concerned.length).toBeGreaterThan(0);
      expect(concerned.some((item) => gap.fields.some((field) => !(field in item.value))), `the emulator now sends ${gap.fields.join(', ')}: remove this entry from SAMPLE_FIELD_GAPS`).toBe(true);
    });
  });

  describe('lists', () => {
    it.each([...STRIPE_LIST_PATHS])('GET %s: every answer matches the list schema', (specPath) => {
      const checked = lists.filter((item) => item.specPath === specPath);
      expect(checked.length, `GET ${specPath} was never called: exercise it in this scenario`).toBeGreaterThan(0);
      const failures = checked.filter((item) => item.failure).map((item) => `${item.source}\n${item.failure!}`);
      expect(failures, failures.join('\n\n')).toEqual([]);
    });
  });

  describe('events', () => {
    it('validates each event\'s data.object, read through the API and delivered by webhook', () => {
      const fromEvents = objects.filter((item) => !item.isTopLevel && item.source.includes('data.object'));
      expect(new Set(fromEvents.filter((item) => item.source.startsWith('webhook')).map((item) => item.type)).size).toBeGreaterThan(5);
      expect(new Set(fromEvents.filter((item) => item.source.startsWith('GET')).map((item) => item.type)).size).toBeGreaterThan(5);
      expect(deliveredEvents.length).toBeGreaterThan(0);
    });
  });

  describe('coverage', () => {
    it('every route the emulator serves answered 2xx', () => {
      const called = new Set<Route>();
      for (const exchange of exchanges) {
        if (exchange.status >= 300) continue;
        const match = matchRoute(ROUTES, exchange.method, exchange.pathname);
        if (match) called.add(match.route);
      }
      expect(ROUTES.length).toBeGreaterThan(40);
      expect(ROUTES.filter((route) => !called.has(route)).map((route) => `${route.method} ${route.path}`)).toEqual([]);
    });

    it('every vendored object type and list path was returned', () => {
      const types = new Set(objects.map((item) => item.type));
      const paths = new Set(lists.map((item) => item.specPath));
      expect({ types: STRIPE_OBJECT_TYPES.filter((type) => !types.has(type)), lists: STRIPE_LIST_PATHS.filter((specPath) => !paths.has(specPath)) }).toEqual({ types: [], lists: [] });
    });
  });
});
