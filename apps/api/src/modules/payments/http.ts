/**
 * Payments over plain HTTP:
 * - `POST /webhooks/stripe`: Stripe's events. The signature (`Stripe-Signature`) is verified on
 *   the raw body with a 300 s tolerance; the event is stored once by id and answered 200 at once
 *   (processing is asynchronous, stripe-events.ts). Unsigned, wrongly signed,
 *   too old or malformed bodies get 400 and are stored nowhere.
 * - `POST /webhooks/stripe/connect`: the same for the Connect endpoint, which Stripe sends
 *   connected accounts' events to (payouts, account.updated), signed with that endpoint's own
 *   secret (`STRIPE_CONNECT_WEBHOOK_SECRET`); the stored event keeps its `account`.
 * - `POST /v1/purchases` (public, JSON `{ pluginId, buyerEmail, successUrl?, cancelUrl?,
 *   paymentMethod? }`, optional `Idempotency-Key` header of 1–255 printable ASCII characters,
 *   bound to the body: another body under a used key is 422 IDEMPOTENCY_KEY_REUSED): starts a purchase; answers 201 with
 *   the PENDING purchase and, unless paid server-side with a test `paymentMethod`, the Stripe
 *   Checkout page to send the buyer to (`checkoutUrl`, `checkoutSessionId`).
 */
import Stripe from 'stripe';
import { AppError, ZIdempotencyKey, ZPurchaseCreateInput } from '@marketdesk/shared';
import { createPurchase } from './create-purchase.ts';
import { storeStripeEvent } from './stripe-events.ts';
import { parseRequest } from '../../platform/http/errors.ts';
import type { RegisterRoutes } from '../../platform/http/routes.ts';

/** Stripe's default and recommended signature tolerance, seconds (docs.stripe.com/webhooks#verify-manually). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** Verifies and parses a webhook body. @throws AppError INVALID_INPUT for anything but a well-formed, correctly signed, fresh event. */
export function verifyStripeEvent(rawBody: Buffer, signature: string | undefined, secret: string): Stripe.Event {
  if (!signature) throw new AppError('INVALID_INPUT', { message: 'Missing Stripe-Signature header' });
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature, secret, WEBHOOK_TOLERANCE_SECONDS);
  } catch (error) {
    throw new AppError('INVALID_INPUT', { message: `Webhook refused: ${(error as Error).message}` });
  }
  const e = event as unknown as Record<string, unknown>;
  const data = e.data as { object?: unknown } | undefined;
  if (typeof e.id !== 'string' || !e.id.startsWith('evt_') || typeof e.type !== 'string' || typeof e.created !== 'number' || typeof data?.object !== 'object' || data.object === null) {
    throw new AppError('INVALID_INPUT', { message: 'Webhook refused: not a Stripe event (id, type, created, data.object)' });
  }
  return event;
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
    for (const endpoint of endpoints) {
      scope.post(endpoint.path, async (req, reply) => {
        const secret = endpoint.secretOf();
        if (!secret) throw new AppError('PRECONDITION_FAILED', { message: `No webhook signing secret is configured for ${endpoint.path} (${endpoint.variable})` });
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const event = verifyStripeEvent(body, req.headers['stripe-signature'] as string | undefined, secret);
        const stored = await storeStripeEvent(deps, { event });
        return reply.status(200).send({ received: true, duplicate: stored === 'duplicate' });
      });
    }
  });

  server.post('/v1/purchases', async (req, reply) => {
    const input = parseRequest(ZPurchaseCreateInput, req.body);
    const purchase = await createPurchase(deps, { ...input, requestKey: parseIdempotencyKey(req.headers['idempotency-key']) });
    return reply.status(201).send(purchase);
  });
};
