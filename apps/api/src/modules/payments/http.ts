/**
 * Payments over plain HTTP:
 * - `POST /webhooks/stripe`: Stripe's events. The signature (`Stripe-Signature`) is verified on
 *   the raw body with a 300 s tolerance; the event is stored once by id and answered 200 as soon as
 *   its row is committed — concurrent deliveries share one insert (stripe-event-writer.ts) — and
 *   processed asynchronously (stripe-events.ts). Unsigned, wrongly signed, too old or
 *   malformed bodies, and events without Stripe's envelope (verifyStripeEvent), get 400 naming
 *   the field and are stored nowhere.
 * - `POST /webhooks/stripe/connect`: the same for the Connect endpoint, which Stripe sends
 *   connected accounts' events to (payouts, account.updated), signed with that endpoint's own
 *   secret (`STRIPE_CONNECT_WEBHOOK_SECRET`); the stored event keeps its `account`.
 * - `POST /v1/purchases` (public, JSON `{ pluginId, buyerEmail, successUrl?, cancelUrl?,
 *   paymentMethod?, tier? }` — `tier` (free, pro, enterprise) required when the plugin sells
 *   paid tiers, else 400 INVALID_INPUT naming `tier`; optional `Idempotency-Key` header of 1–255 printable ASCII characters,
 *   bound to the body: another body under a used key is 422 IDEMPOTENCY_KEY_REUSED): starts a purchase; answers 201 with
 *   the PENDING purchase and, unless paid server-side with a test `paymentMethod`, the Stripe
 *   Checkout page to send the buyer to (`checkoutUrl`, `checkoutSessionId`). A FREE plugin, or a
 *   tier priced 0, calls no Stripe: it answers 201 with the license itself, `{ status: 'FREE',
 *   licenseId, licenseKey, pluginId, tier, purchaseId: null, amount: 0, currency }`
 *   (ZFreeLicenseOutput), the same license for the same buyer email, plugin and tier. With
 *   PURCHASE_RATE_LIMIT_PER_IP set, each client IP may send that many a minute, counted across
 *   every API process: over it, 429 RATE_LIMITED with `Retry-After`.
 * - `POST /v1/credit-packs` (public, JSON `{ licenseKey, packAmount, paymentMethod?, successUrl?,
 *   cancelUrl? }`, the same Idempotency-Key rules and rate limit): buys a credit pack for the
 *   license of `licenseKey` (create-credit-pack.ts); answers 201 like /v1/purchases, plus `licenseId`.
 */
import type { FastifyRequest } from 'fastify';
import Stripe from 'stripe';
import { AppError, measureJsonDepth, toStorableJsonText, ZCreditPackCreateInput, ZIdempotencyKey, ZPurchaseCreateInput, ZStripeEventEnvelope } from '@marketdesk/shared';
import { createCreditPack } from './create-credit-pack.ts';
import { createPurchaseOrFreeLicense } from './create-purchase.ts';
import { createStripeEventWriter } from './stripe-event-writer.ts';
import { parseRequest } from '../../platform/http/errors.ts';
import { clientKeyOf, createSharedRateLimit } from '../../platform/http/rate-limits.ts';
import type { RegisterRoutes } from '../../platform/http/routes.ts';

/** Stripe's default and recommended signature tolerance, seconds (docs.stripe.com/webhooks#verify-manually). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** Deepest nesting of arrays and objects an event may have (Stripe's are about ten deep); deeper JSON cannot be Stripe's. */
export const MAX_EVENT_DEPTH = 64;

/** A verified event and the JSON text to store for it. */
export interface VerifiedStripeEvent {
  event: Stripe.Event;
  /** The signed body as it came, with `\u0000` and unpaired surrogate escapes made storable (toStorableJsonText). */
  payload: string;
}

/**
 * Verifies and parses a webhook body: the signature first, then the envelope every Stripe event
 * has (ZStripeEventEnvelope: `id`, `type`, `created` in 2000–2100, `livemode`, `account`,
 * `data.object`) and a nesting depth of at most MAX_EVENT_DEPTH. A NUL or a lone surrogate
 * elsewhere in a signed event is not refused (Stripe would resend a 4xx for three days, then drop
 * the event): it is stored as U+FFFD.
 * @throws AppError INVALID_INPUT for anything but a well-formed, correctly signed, fresh event,
 *   naming the envelope field at fault (`livemode`, `created`, …).
 */
export function verifyStripeEvent(rawBody: Buffer, signature: string | undefined, secret: string): VerifiedStripeEvent {
  if (!signature) throw new AppError('INVALID_INPUT', { message: 'Missing Stripe-Signature header', field: 'Stripe-Signature' });
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature, secret, WEBHOOK_TOLERANCE_SECONDS);
  } catch (error) {
    throw new AppError('INVALID_INPUT', { message: `Webhook refused: ${(error as Error).message}`, field: 'Stripe-Signature' });
  }
  const text = rawBody.toString('utf8');
  if (measureJsonDepth(text, MAX_EVENT_DEPTH) > MAX_EVENT_DEPTH) throw new AppError('INVALID_INPUT', { message: `Webhook refused: nested deeper than ${MAX_EVENT_DEPTH} levels`, field: 'body' });
  // Validated, not transformed: the event keeps every field Stripe sent.
  parseRequest(ZStripeEventEnvelope, event);
  return { event, payload: toStorableJsonText(text) };
}

/**
 * The `Idempotency-Key` header, or undefined when it is absent.
 * @throws AppError INVALID_INPUT (field Idempotency-Key) unless it is 1–255 printable ASCII characters.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const parsed = ZIdempotencyKey.safeParse(header);
  if (!parsed.success) throw new AppError('INVALID_INPUT', { message: `Idempotency-Key: ${parsed.error.issues[0]?.message ?? 'invalid'}`, field: 'Idempotency-Key' });
  return parsed.data;
}

/** Registers the webhook and purchase routes (the webhook in its own scope: its raw-body parser stays local). Errors go to platform/http/errors.ts. */
export const registerPaymentRoutes: RegisterRoutes = async (server, deps) => {
  await server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, body));
    const endpoints = [
      { path: '/webhooks/stripe', secretOf: () => deps.stripe?.webhookSecret, variable: 'STRIPE_WEBHOOK_SECRET' },
      { path: '/webhooks/stripe/connect', secretOf: () => deps.stripe?.connectWebhookSecret, variable: 'STRIPE_CONNECT_WEBHOOK_SECRET' },
    ];
    const writer = createStripeEventWriter(deps, { maxBatch: deps.config.stripeEventBatch.store });
    for (const endpoint of endpoints) {
      scope.post(endpoint.path, async (req, reply) => {
        const secret = endpoint.secretOf();
        if (!secret) throw new AppError('PRECONDITION_FAILED', { message: `No webhook signing secret is configured for ${endpoint.path} (${endpoint.variable})` });
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const verified = verifyStripeEvent(body, req.headers['stripe-signature'] as string | undefined, secret);
        const stored = await writer.store({ ...verified, requestId: req.id });
        return reply.status(200).send({ received: true, duplicate: stored === 'duplicate' });
      });
    }
  });

  // Public and costly (Stripe calls, rows): limited per client before the body is read, when
  // configured. Off by default: the seed, and a storefront's backend, make every purchase from one address.
  const perIp = deps.config.purchaseRateLimitPerIp ? createSharedRateLimit(server, { name: 'purchase-ip', max: deps.config.purchaseRateLimitPerIp }, deps.log) : undefined;
  const limitPerIp = async (req: FastifyRequest) => {
    const wait = perIp ? await perIp.take(req, clientKeyOf(req)) : 0;
    if (wait > 0) throw new AppError('RATE_LIMITED', { message: `Too many purchase requests from this client; retry in ${wait} s`, retryAfterSeconds: wait });
  };
  server.post('/v1/purchases', { onRequest: limitPerIp }, async (req, reply) => {
    const input = parseRequest(ZPurchaseCreateInput, req.body);
    const purchase = await createPurchaseOrFreeLicense(deps, { ...input, requestKey: parseIdempotencyKey(req.headers['idempotency-key']) });
    return reply.status(201).send(purchase);
  });
  server.post('/v1/credit-packs', { onRequest: limitPerIp }, async (req, reply) => {
    const input = parseRequest(ZCreditPackCreateInput, req.body);
    const pack = await createCreditPack(deps, { ...input, requestKey: parseIdempotencyKey(req.headers['idempotency-key']) });
    return reply.status(201).send(pack);
  });
};
