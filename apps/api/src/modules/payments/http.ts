/**
 * Money over plain HTTP:
 * - `POST /webhooks/stripe`: Stripe's events. The signature (`Stripe-Signature`) is verified on
 *   the raw body with a 300 s tolerance; the event is stored once by id and answered 200 at once
 *   (processing is asynchronous, services/payments/stripe-events.ts). Unsigned, wrongly signed,
 *   too old or malformed bodies get 400 and are stored nowhere.
 * - `POST /v1/purchases` (public, JSON `{ pluginId, buyerEmail, paymentMethod? }`, optional
 *   `Idempotency-Key` header): starts a purchase; answers 201 with the PENDING purchase.
 * - `GET /exports/transactions.csv?from&to&currency`: the ledger's transactions of a period as
 *   CSV, streamed (finance.read, session cookie).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Stripe from 'stripe';
import { APP_ERROR_HTTP_STATUS, AppError, hasPermission, ZExportTransactionsQuery, ZPurchaseCreateInput } from '@marketdesk/shared';
import { authenticateSession, SESSION_COOKIE } from '../services/auth/sessions.ts';
import { streamTransactionsCsv } from '../services/finance/export-transactions.ts';
import { createPurchase } from '../services/payments/create-purchase.ts';
import { storeStripeEvent } from '../services/payments/stripe-events.ts';
import type { AppDeps } from '../trpc/context.ts';

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

function sendError(req: FastifyRequest, reply: FastifyReply, error: unknown) {
  if (error instanceof AppError) {
    return reply.status(APP_ERROR_HTTP_STATUS[error.code]).send({ error: error.userMessage, code: error.code, field: error.field ?? null, requestId: req.id });
  }
  throw error;
}

/** Registers the webhook, purchase and CSV export routes (each in its own scope: the webhook's raw-body parser stays local). */
export async function registerMoneyRoutes(server: FastifyInstance, deps: AppDeps): Promise<void> {
  await server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, body));
    scope.post('/webhooks/stripe', async (req, reply) => {
      try {
        const secret = deps.stripe?.webhookSecret;
        if (!secret) throw new AppError('PRECONDITION_FAILED', { message: 'No webhook signing secret is configured (STRIPE_WEBHOOK_SECRET)' });
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const event = verifyStripeEvent(body, req.headers['stripe-signature'] as string | undefined, secret);
        const stored = await storeStripeEvent(deps.prisma, event);
        return reply.status(200).send({ received: true, duplicate: stored === 'duplicate' });
      } catch (error) {
        return sendError(req, reply, error);
      }
    });
  });

  server.post('/v1/purchases', async (req, reply) => {
    try {
      const parsed = ZPurchaseCreateInput.safeParse(req.body);
      if (!parsed.success) throw new AppError('INVALID_INPUT', { message: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '), field: String(parsed.error.issues[0]?.path[0] ?? '') || undefined });
      const key = req.headers['idempotency-key'];
      const purchase = await createPurchase(deps, { ...parsed.data, requestKey: typeof key === 'string' && key ? key : undefined });
      return reply.status(201).send(purchase);
    } catch (error) {
      return sendError(req, reply, error);
    }
  });

  server.get('/exports/transactions.csv', async (req, reply) => {
    try {
      const user = await authenticateSession(deps, req.cookies[SESSION_COOKIE] ?? null);
      if (!hasPermission(user.roles, 'finance.read')) throw new AppError('FORBIDDEN', { message: 'Only finance can export transactions' });
      const query = ZExportTransactionsQuery.safeParse(req.query);
      if (!query.success) throw new AppError('INVALID_INPUT', { message: query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      const { from, to, currency } = query.data;
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="transactions-${currency ?? 'all'}-${from.toISOString().slice(0, 10)}-${to.toISOString().slice(0, 10)}.csv"`);
      return reply.send(streamTransactionsCsv(deps.prisma, { from, to, currency }));
    } catch (error) {
      return sendError(req, reply, error);
    }
  });
}
