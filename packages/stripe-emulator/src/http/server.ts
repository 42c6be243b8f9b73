/**
 * The emulator's HTTP front: Bearer auth with any `sk_test_…` key, the `Stripe-Account` header,
 * idempotency keys, simulated outages, routing to handlers, `expand[]`, and Stripe's JSON
 * answers (`Request-Id`, `Idempotent-Replayed`, `Original-Request` headers). Paths under
 * `/_emulator/` go to the test-only control routes instead and need no key.
 */
import { createHash } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { EmulatorCore } from '../core.ts';
import { StripeApiError, invalidRequest, unrecognizedUrl } from '../errors.ts';
import { expandResponse } from '../expand.ts';
import { Params } from '../params.ts';
import { randomId } from '../store.ts';
import { decodeForm, type FormObject } from './form.ts';
import { decodeMultipart, isMultipart, MAX_MULTIPART_BODY_BYTES } from './multipart.ts';
import { matchRoute, type Route, type RouteMatch, type UploadedFile } from './router.ts';

/** Simulated trouble for the next `remaining` API requests (control routes are never affected). */
export interface OutagePlan {
  remaining: number;
  /** `error`: answer `status` with an `api_error`; `timeout`: never answer, close after `holdMs`. */
  mode: 'error' | 'timeout';
  status: number;
  /**
   * `before`: the request is refused before it does anything (a retry executes it).
   * `after`: the request is carried out and saved under its idempotency key, but its answer is
   * lost (a retry with the same key gets the original result, replayed).
   */
  when: 'before' | 'after';
  holdMs: number;
}

export interface ControlHandler {
  /** Answers `/_emulator/…`, or undefined when no control route matches. */
  handle(method: string, pathname: string, body: FormObject, query: URLSearchParams): Promise<{ status: number; body: unknown; redirect?: string; html?: string } | undefined>;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const MAX_BODY_BYTES = 1024 * 1024;

export class EmulatorHttpServer {
  outage: OutagePlan | null = null;
  private readonly core: EmulatorCore;
  private readonly routes: readonly Route[];
  private readonly control: ControlHandler;
  private readonly log: Logger | undefined;
  private readonly server: http.Server;

  constructor(input: { core: EmulatorCore; routes: readonly Route[]; control: ControlHandler; log?: Logger }) {
    this.core = input.core;
    this.routes = input.routes;
    this.control = input.control;
    this.log = input.log;
    this.server = http.createServer((req, res) => void this.serve(req, res));
  }

  /** Listens on `host:port` (port 0 = any free port); resolves with the port. */
  async listen(host: string, port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = `req_${randomId(14)}`;
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    try {
      const body = await readBody(req, isMultipart(req) ? MAX_MULTIPART_BODY_BYTES : MAX_BODY_BYTES);
      const bodyText = isMultipart(req) ? '' : body.toString('utf8');
      if (url.pathname.startsWith('/_emulator/')) {
        const answer = await this.control.handle(req.method ?? 'GET', url.pathname, parseControlBody(req, bodyText), url.searchParams);
        if (answer?.redirect) {
          res.writeHead(302, { location: answer.redirect }).end();
          return;
        }
        if (!answer) throw unrecognizedUrl(req.method ?? 'GET', url.pathname);
        if (answer.html !== undefined) {
          res.writeHead(answer.status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(answer.html), 'request-id': requestId }).end(answer.html);
          return;
        }
        this.send(res, requestId, answer);
        return;
      }
      authenticate(req);
      const outage = this.takeOutage('before');
      if (outage) return this.failForOutage(res, requestId, outage);
      const answer = await this.answerApiRequest(req, url, isMultipart(req) ? await decodeMultipart(req, body) : { fields: decodeForm(bodyText), uploads: {} }, requestId);
      const lostAnswer = this.takeOutage('after');
      if (lostAnswer) return this.failForOutage(res, requestId, lostAnswer);
      this.send(res, requestId, answer);
    } catch (error) {
      if (error instanceof StripeApiError) {
        this.send(res, requestId, { status: error.status, body: { error: error.body } });
        return;
      }
      this.log?.error({ err: error, path: url.pathname }, 'stripe emulator: request failed');
      this.send(res, requestId, { status: 500, body: { error: { type: 'api_error', message: `The emulator failed: ${error instanceof Error ? error.message : String(error)}` } } });
    }
  }

  private async answerApiRequest(req: IncomingMessage, url: URL, body: { fields: FormObject; uploads: Record<string, UploadedFile> }, requestId: string): Promise<Answer> {
    const method = req.method ?? 'GET';
    const match = matchRoute(this.routes, method, url.pathname);
    if (!match) throw unrecognizedUrl(method, url.pathname);
    const raw = method === 'POST' ? body.fields : decodeForm(url.search.slice(1));
    const { uploads } = body;
    const account = this.resolveAccount(req);
    const params = new Params(raw, [...match.route.params, ...(match.route.uploads ?? []), 'expand']);
    for (const name of Object.keys(uploads)) {
      if (!(match.route.uploads ?? []).includes(name)) throw invalidRequest(`Received unknown parameter: ${name}`, { code: 'parameter_unknown', param: name });
    }
    const idempotencyKey = method === 'POST' ? headerOf(req, 'idempotency-key') : undefined;
    if (!idempotencyKey) return this.execute(match, params, account, { requestId, uploads });

    if (idempotencyKey.length > 255) throw invalidRequest('Idempotency-Key must be at most 255 characters long.', { param: 'Idempotency-Key' });
    const scope = account ?? 'platform';
    // A file takes part in the fingerprint by its bytes' digest: the same key with another file is another request.
    const uploadDigests = Object.fromEntries(Object.entries(uploads).map(([name, file]) => [name, createHash('sha256').update(file.bytes).digest('hex')]));
    const fingerprint = createHash('sha256').update(`${method} ${url.pathname}\n${canonicalJson(raw)}\n${canonicalJson(uploadDigests)}`).digest('hex');
    const saved = this.core.store.getIdempotency(scope, idempotencyKey, this.core.clock.now() * 1000);
    if (saved) {
      if (saved.fingerprint !== fingerprint) {
        throw new StripeApiError(400, {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
        });
      }
      await this.core.store.commit();
      return { status: saved.status, body: saved.body, headers: { 'Idempotent-Replayed': 'true', 'Original-Request': saved.requestId, 'Idempotency-Key': idempotencyKey } };
    }
    const answer = await this.execute(match, params, account, { requestId, uploads, idempotency: { scope, key: idempotencyKey, fingerprint, method, path: url.pathname } });
    return { ...answer, headers: { 'Original-Request': requestId, 'Idempotency-Key': idempotencyKey } };
  }

  private execute(
    match: RouteMatch,
    params: Params,
    account: string | null,
    context: { requestId: string; uploads: Record<string, UploadedFile>; idempotency?: { scope: string; key: string; fingerprint: string; method: string; path: string } },
  ): Promise<Answer> {
    const { requestId, idempotency, uploads } = context;
    const store = this.core.store;
    return this.core.run({ id: requestId, idempotency_key: idempotency?.key ?? null }, (tx) => {
      let answer: Answer;
      let isSaved = true;
      try {
        const result = match.route.handle(tx, { params, account, path: match.path, uploads });
        answer = { status: 200, body: expandResponse(store, result, params.expand()) };
      } catch (error) {
        if (!(error instanceof StripeApiError)) throw error;
        answer = { status: error.status, body: { error: error.body } };
        isSaved = error.isSavedForIdempotency;
      }
      if (idempotency && isSaved) {
        store.putIdempotency({ ...idempotency, status: answer.status, body: answer.body, requestId, createdAtMs: this.core.clock.now() * 1000 });
      }
      return answer;
    });
  }

  private resolveAccount(req: IncomingMessage): string | null {
    const header = headerOf(req, 'stripe-account') ?? headerOf(req, 'stripe-context');
    if (!header || header === this.core.store.meta.platformAccountId) return null;
    if (!this.core.store.get('account', header)) {
      throw new StripeApiError(403, {
        type: 'invalid_request_error',
        code: 'account_invalid',
        message: `The provided key does not have access to account '${header}' (or that account does not exist). Application access may have been revoked.`,
      });
    }
    return header;
  }

  private send(res: ServerResponse, requestId: string, answer: Answer): void {
    const payload = JSON.stringify(answer.body, null, 2);
    res.writeHead(answer.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
      'request-id': requestId,
      'stripe-version': this.core.settings.apiVersion,
      ...answer.headers,
    });
    res.end(payload);
  }

  private takeOutage(when: OutagePlan['when']): OutagePlan | undefined {
    const plan = this.outage;
    if (!plan || plan.when !== when || plan.remaining <= 0) return undefined;
    plan.remaining -= 1;
    if (plan.remaining === 0) this.outage = null;
    return plan;
  }

  private failForOutage(res: ServerResponse, requestId: string, plan: OutagePlan): void {
    if (plan.mode === 'error') {
      this.send(res, requestId, { status: plan.status, body: { error: { type: 'api_error', message: 'An error occurred with our connection to Stripe. (emulated outage)' } } });
      return;
    }
    const timer = setTimeout(() => res.destroy(), plan.holdMs);
    res.on('close', () => clearTimeout(timer));
  }
}

function authenticate(req: IncomingMessage): void {
  const header = req.headers.authorization;
  let key: string | undefined;
  if (header?.startsWith('Bearer ')) key = header.slice('Bearer '.length).trim();
  else if (header?.startsWith('Basic ')) key = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8').split(':')[0];
  if (!key) {
    throw new StripeApiError(401, {
      type: 'invalid_request_error',
      message: "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    });
  }
  if (!/^(sk|rk)_test_\w+$/.test(key)) {
    throw new StripeApiError(401, { type: 'invalid_request_error', code: 'api_key_invalid', message: `Invalid API Key provided: ${key.slice(0, 8)}****${key.slice(-4)}` });
  }
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) || undefined;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw invalidRequest('Request body too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseControlBody(req: IncomingMessage, text: string): FormObject {
  if (!text) return {};
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, typeof value === 'object' && value !== null ? (value as FormObject) : String(value)]));
  }
  return decodeForm(text);
}

/** JSON with object keys sorted, so that equal parameters give equal fingerprints. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
