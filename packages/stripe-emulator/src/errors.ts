/**
 * Stripe's error body, `{ error: { type, code, message, param, … } }`, and the HTTP status that
 * goes with it (docs.stripe.com/api/errors). The emulator answers 400 invalid request, 401 bad
 * key, 402 card error, 403 no access to the account, 404 missing resource, and 500 for its own
 * failure or an emulated outage.
 *
 * It never answers Stripe's 409 (an idempotency key still in use by a request in progress) nor
 * 429 (rate limits). Requests run one at a time: a request looks up its idempotency key, runs and
 * saves its answer under the key in one synchronous step (http/server.ts, core.ts), so a second
 * request with the same key, even sent at the same moment, finds the saved answer and gets it
 * replayed (test/idempotency.test.ts, "five simultaneous requests").
 */
import type Stripe from 'stripe';

export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  charge?: string;
  payment_intent?: Stripe.PaymentIntent;
  setup_intent?: Stripe.SetupIntent;
  doc_url?: string;
}

/** An error the emulator answers with, exactly as Stripe would shape it. */
export class StripeApiError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;

  constructor(status: number, body: StripeErrorBody) {
    super(body.message);
    this.status = status;
    this.body = body.code && !body.doc_url ? { ...body, doc_url: `https://stripe.com/docs/error-codes/${body.code.replaceAll('_', '-')}` } : body;
  }

  /**
   * Whether Stripe keeps this result under the request's idempotency key. Stripe saves a result
   * once the endpoint began executing; a request refused while its parameters were validated is
   * not saved, so a retry with corrected parameters may reuse the key (docs.stripe.com/api/idempotent_requests).
   */
  get isSavedForIdempotency(): boolean {
    return this.body.type === 'card_error' || this.status >= 500;
  }
}

/** 400 `invalid_request_error`. */
export function invalidRequest(message: string, options: { code?: string; param?: string } = {}): StripeApiError {
  return new StripeApiError(400, { type: 'invalid_request_error', message, ...options });
}

/** 404 `resource_missing` for the object addressed by the URL ("No such charge: 'ch_…'"). */
export function resourceMissing(noun: string, id: string, param = 'id'): StripeApiError {
  return new StripeApiError(404, { type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${noun}: '${id}'` });
}

/** 400 `resource_missing` for an object named in a parameter (e.g. `customer=cus_unknown`). */
export function referencedResourceMissing(noun: string, id: string, param: string): StripeApiError {
  return new StripeApiError(400, { type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${noun}: '${id}'` });
}

/** 400 `parameter_missing`. */
export function parameterMissing(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
}

/** 404 for a path the emulator does not serve, worded as Stripe words it. */
export function unrecognizedUrl(method: string, path: string): StripeApiError {
  return new StripeApiError(404, {
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });
}

/** `value`, or a 404 `resource_missing` for the `noun` with `id` when it is undefined. */
export function orMissing<T>(value: T | undefined, noun: string, id: string): T {
  if (value === undefined) throw resourceMissing(noun, id);
  return value;
}
