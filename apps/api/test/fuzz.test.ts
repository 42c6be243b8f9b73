/**
 * No 5xx from any input (issue 13). Inputs are derived from every tRPC procedure's zod input
 * (`appRouter._def.procedures`, zod-arbitrary.ts) and from every public HTTP route's schema —
 * the license API, `POST /v1/purchases`, the Stripe webhook (correctly signed), the CSV export,
 * the JWKS — with valid-ish values, boundaries, NUL, lone surrogates, controls, 1 MB strings and
 * wrong types; each is sent as every role and anonymously. Any INTERNAL_SERVER_ERROR, any 5xx,
 * any error that is not a tRPC error, or any answer slower than MAX_ANSWER_MS fails the test,
 * which lists every such call. Fixed seeds and bounded runs: the same inputs on every run.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, ZExportTransactionsQuery, ZLicenseActivateRequest, ZLicenseDeactivateRequest, ZLicenseUsageRequest, ZLicenseValidateRequest, ZMyReviewRequest, ZPluginReviewsQuery, ZPublicReviewReportRequest, ZPurchaseCreateInput, ZReviewWriteRequest, ZStripeEventEnvelope, type Role } from '@marketdesk/shared';
import { signWebhookPayload } from '@marketdesk/stripe-emulator';
import type { z } from 'zod';
import { appRouter } from '../src/routers.ts';
import { drainStripeEvents } from '../src/modules/payments/stripe-events.ts';
import { contextFor, createCaller, createTestUser, sessionCookieFor } from './harness.ts';
import { createDecisionReason, createSubmission } from './factories.ts';
import { buy, createSeller, settle, startMoneyServer, type MoneyServer } from './money/helpers.ts';
import { arbitraryFor, HOSTILE_TEXTS, HUGE_TEXT, type ValuePool } from './zod-arbitrary.ts';

/** Runs per procedure and role (and per HTTP route); 58 procedures × 6 callers: about a minute in all. */
const RUNS = 6;
const HTTP_RUNS = 50;
/** Slowest acceptable answer, ms. */
const MAX_ANSWER_MS = 5_000;
const SEED = 13;

interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription'; inputs: z.ZodType[] };
}
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>).filter(([, p]) => p._def.type !== 'subscription');

/** A per-name seed, so adding a procedure does not change the others' inputs. */
const seedOf = (name: string) => createHash('sha256').update(`${SEED}:${name}`).digest().readUInt32BE(0);

/** Everything found: one line per failing call. */
const failures: string[] = [];
const counts = { trpcCalls: 0, httpCalls: 0, httpRoutes: new Set<string>() };
const show = (value: unknown) => {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' && v.length > 60 ? `${v.slice(0, 20)}…(${v.length} chars)` : typeof v === 'bigint' ? `${v}n` : v));
  return (text ?? String(value)).slice(0, 300);
};

let ts: MoneyServer;
let pool: ValuePool;
let licenseKey: string;
const users = new Map<Role, { id: string }>();

beforeAll(async () => {
  ts = await startMoneyServer({ config: { licenseRateLimitPerIp: 1_000_000, licenseRateLimitPerLicense: 1_000_000, purchaseRateLimitPerIp: 1_000_000 } });
  const seller = await createSeller(ts.prisma);
  users.set('CREATOR', seller.user);
  for (const role of ROLES) if (role !== 'CREATOR') users.set(role, await createTestUser(ts.prisma, [role]));
  const bought = await buy(ts, seller.plugin.id, { email: 'fuzz-buyer@example.com' });
  await settle(ts);
  const submission = await createSubmission(ts.prisma, seller.plugin);
  const reason = await createDecisionReason(ts.prisma);
  const victim = await createTestUser(ts.prisma, ['SUPPORT']);
  const license = await ts.prisma.license.findFirstOrThrow({ where: { purchaseId: bought.purchaseId } });
  const event = await ts.prisma.stripeEvent.findFirst({ select: { id: true } });
  const admin = createCaller(await contextFor(ts.app.deps, users.get('ADMIN')!)) as unknown as { licenses: { get(input: { id: string }): Promise<{ key: string }> } };
  licenseKey = (await admin.licenses.get({ id: license.id })).key;
  pool = {
    ids: [bought.purchaseId, bought.paymentIntentId, license.id, license.keyId, seller.plugin.id, seller.creator.id, submission.id, reason.id, victim.id, event?.id ?? 'evt_none', 'cm0000000000000000000000', 'evt_1', 'pm_card_visa', 'pm_card_chargeDeclined'],
    emails: ['fuzz-buyer@example.com', 'fuzz', 'a@b.c', `${'a'.repeat(250)}@b.c`, 'MiXeD@Example.COM'],
    texts: [licenseKey, seller.plugin.name, 'paid-plugin', 'Chargeback investigation', 'refund please', 'correct horse battery staple'],
  };
}, 180_000);

afterAll(async () => {
  if (failures.length > 0) console.log(`fuzz failures:\n${failures.join('\n')}`);
  console.log(`fuzz: ${procedures.length} procedures × ${ROLES.length + 1} callers (${ROLES.join(', ')}, anonymous) × ${RUNS} runs = ${counts.trpcCalls} tRPC calls; ${counts.httpCalls} HTTP requests on ${counts.httpRoutes.size} routes; ${failures.length} failures`);
  await ts?.close();
});

/** Calls `call`, recording a failure for a 5xx / INTERNAL_SERVER_ERROR / non-tRPC error / slow answer. */
async function expectNoServerError(what: string, input: unknown, call: () => Promise<unknown>) {
  const started = performance.now();
  const outcome = await call().then(() => 'OK', (error: unknown) => (error instanceof TRPCError ? error.code : `not a tRPC error: ${String(error).slice(0, 200)}`));
  const ms = performance.now() - started;
  if (outcome === 'INTERNAL_SERVER_ERROR' || outcome.startsWith('not a tRPC error')) failures.push(`${what} → ${outcome} for ${show(input)}`);
  if (ms > MAX_ANSWER_MS) failures.push(`${what} took ${Math.round(ms)} ms for ${show(input)}`);
}

/**
 * The string leaves of `schema` (dotted paths) that are unbounded or unchecked: every string must
 * have a length bound or a format, and a check beyond its length (the text rule's refinement,
 * zText, or a format such as zId's regex). Static: it fails for a new schema before any input is sent.
 */
function uncheckedStrings(schema: z.ZodType, path = 'input'): string[] {
  const def = (schema as unknown as { _zod: { def: { type: string; checks?: { _zod: { def: { check: string } } }[]; [k: string]: unknown } } })._zod.def;
  const children = (...schemas: unknown[]) => schemas.filter(Boolean).flatMap((child) => uncheckedStrings(child as z.ZodType, path));
  switch (def.type) {
    case 'string': {
      const checks = (def.checks ?? []).map((c) => c._zod.def.check);
      const isBounded = checks.includes('max_length') || checks.includes('string_format');
      const isChecked = checks.includes('custom') || checks.includes('string_format');
      return isBounded && isChecked ? [] : [path];
    }
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, child]) => uncheckedStrings(child, `${path}.${key}`));
    case 'array':
      return uncheckedStrings(def.element as z.ZodType, `${path}[]`);
    case 'pipe':
      return children(def.in);
    case 'union':
      return children(...(def.options as z.ZodType[]));
    case 'record':
      return children(def.keyType, def.valueType);
    default:
      return def.innerType ? children(def.innerType) : [];
  }
}

describe('every text input follows the rule (static)', () => {
  it('every string of every procedure input and public HTTP route schema is bounded and checked (text.ts)', () => {
    const schemas: [string, z.ZodType | undefined][] = [
      ...procedures.map(([path, p]): [string, z.ZodType | undefined] => [path, p._def.inputs[0]]),
      ['POST /v1/licenses/validate', ZLicenseValidateRequest], ['POST /v1/licenses/activate', ZLicenseActivateRequest], ['POST /v1/licenses/deactivate', ZLicenseDeactivateRequest], ['POST /v1/licenses/usage', ZLicenseUsageRequest],
      ['POST /v1/reviews', ZReviewWriteRequest], ['POST /v1/reviews/mine', ZMyReviewRequest], ['GET /v1/plugins/:pluginId/reviews', ZPluginReviewsQuery],
      ['POST /v1/reviews/report', ZPublicReviewReportRequest],
      ['POST /v1/purchases', ZPurchaseCreateInput], ['GET /exports/transactions.csv', ZExportTransactionsQuery], ['POST /webhooks/stripe', ZStripeEventEnvelope],
    ];
    expect(schemas.flatMap(([name, schema]) => (schema ? uncheckedStrings(schema).map((leaf) => `${name}: ${leaf}`) : []))).toEqual([]);
  });
});

describe('every tRPC procedure × every role, inputs derived from its zod input', () => {
  it.each(procedures.map(([path]) => path))('%s', async (path) => {
    const procedure = procedures.find(([p]) => p === path)![1];
    const schema = procedure._def.inputs[0];
    const [namespace, name] = path.split('.') as [string, string];
    for (const role of [...ROLES, null]) {
      // Other inputs per role: a role allowed to call gets past authorization with its own RUNS inputs.
      const inputs = schema ? fc.sample(arbitraryFor(schema, pool), { seed: seedOf(`${path}:${role}`), numRuns: RUNS }) : [undefined, ...HOSTILE_TEXTS.slice(0, RUNS - 1)];
      // A fresh session per role and procedure: auth.signOut or a disabled account only ends its own.
      const ctx = await contextFor(ts.app.deps, role ? users.get(role)! : null);
      const caller = createCaller(ctx) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
      for (const input of inputs) {
        counts.trpcCalls += 1;
        await expectNoServerError(`${path} as ${role ?? 'anonymous'}`, input, () => caller[namespace]![name]!(input));
      }
    }
    expect(failures.filter((line) => line.startsWith(`${path} `))).toEqual([]);
  });
});

/** POST/GET over HTTP; a failure for any 5xx or slow answer. */
async function expectNoServerErrorOverHttp(what: string, input: unknown, request: () => Promise<Response>) {
  counts.httpCalls += 1;
  counts.httpRoutes.add(what.replace(/ \(.*\)$/, ''));
  const started = performance.now();
  let status: number | string;
  try {
    const response = await request();
    status = response.status;
    await response.arrayBuffer();
  } catch (error) {
    status = `no answer: ${String(error).slice(0, 200)}`;
  }
  const ms = performance.now() - started;
  if (typeof status !== 'number' || status >= 500) failures.push(`${what} → ${status} for ${show(input)}`);
  if (ms > MAX_ANSWER_MS) failures.push(`${what} took ${Math.round(ms)} ms for ${show(input)}`);
}

const postJson = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${ts.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

/** A license key with `header` as its protected header and a real key's claims and signature: forged, to be refused as NOT_FOUND. */
function forgedKey(header: Record<string, unknown>): string {
  const [, payload, signature] = licenseKey.split('.');
  return `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${payload}.${signature}`;
}

describe('every public HTTP route, inputs derived from its schema', () => {
  it('license API: validate, activate, deactivate, usage (bodies, hostile fingerprints, forged kids)', async () => {
    const kids: unknown[] = [42, { kid: 'x' }, 'a\u0000b', '\ud800', 'x'.repeat(2000), null, true, [], ''];
    const forged = kids.map((kid) => forgedKey({ alg: 'EdDSA', typ: 'license+jwt', kid }));
    const routes: [string, z.ZodType][] = [['validate', ZLicenseValidateRequest], ['activate', ZLicenseActivateRequest], ['deactivate', ZLicenseDeactivateRequest], ['usage', ZLicenseUsageRequest]];
    for (const [route, schema] of routes) {
      const keyed = fc.record({ body: arbitraryFor(schema, { ...pool, texts: [licenseKey, ...forged] }), key: fc.constantFrom(licenseKey, ...forged, undefined) });
      for (const { body, key } of fc.sample(keyed, { seed: seedOf(route), numRuns: HTTP_RUNS })) {
        const withKey = key !== undefined && typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body, key } : body;
        await expectNoServerErrorOverHttp(`POST /v1/licenses/${route}`, withKey, () => postJson(`/v1/licenses/${route}`, JSON.stringify(withKey) ?? 'null'));
      }
      for (const key of forged) {
        const body = route === 'usage' ? { key, metric: 'api_calls', quantity: 1, idempotencyKey: 'fuzz-forged' } : { key, fingerprint: 'fuzz-machine' };
        await expectNoServerErrorOverHttp(`POST /v1/licenses/${route} (forged kid)`, body, async () => {
          const response = await postJson(`/v1/licenses/${route}`, JSON.stringify(body));
          const answer = (await response.clone().json()) as { code?: string };
          if (answer.code !== 'NOT_FOUND') failures.push(`POST /v1/licenses/${route}: a forged kid answered ${response.status} ${answer.code}, not NOT_FOUND`);
          return response;
        });
      }
    }
    // Two fingerprints that differ only by a lone surrogate must not become one activation.
    for (const fingerprint of ['fuzz-\ud800', 'fuzz-\udbff']) {
      const response = await postJson('/v1/licenses/activate', JSON.stringify({ key: licenseKey, fingerprint }));
      expect(response.status, fingerprint).toBe(400);
      expect(((await response.json()) as { field: string }).field).toBe('fingerprint');
    }
    expect(failures.filter((line) => line.includes('/v1/licenses/'))).toEqual([]);
  });

  it('review API: POST /v1/reviews, /v1/reviews/mine (bodies, forged kids), GET /v1/plugins/:pluginId/reviews (ids, cursors, limits)', async () => {
    const kids: unknown[] = [42, { kid: 'x' }, 'a\u0000b', '\ud800', 'x'.repeat(2000), null, true, [], ''];
    const forged = kids.map((kid) => forgedKey({ alg: 'EdDSA', typ: 'license+jwt', kid }));
    const routes: [string, z.ZodType][] = [['/v1/reviews', ZReviewWriteRequest], ['/v1/reviews/mine', ZMyReviewRequest]];
    for (const [route, schema] of routes) {
      const keyed = fc.record({ body: arbitraryFor(schema, { ...pool, texts: [licenseKey, ...forged, ...HOSTILE_TEXTS] }), key: fc.constantFrom(licenseKey, ...forged, undefined) });
      for (const { body, key } of fc.sample(keyed, { seed: seedOf(route), numRuns: HTTP_RUNS })) {
        const withKey = key !== undefined && typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body, key } : body;
        await expectNoServerErrorOverHttp(`POST ${route}`, withKey, () => postJson(route, JSON.stringify(withKey) ?? 'null'));
      }
      for (const key of forged) {
        await expectNoServerErrorOverHttp(`POST ${route} (forged kid)`, key, async () => {
          const response = await postJson(route, JSON.stringify({ key, rating: 5, body: 'fuzz' }));
          const answer = (await response.clone().json()) as { code?: string };
          if (answer.code !== 'NOT_FOUND') failures.push(`POST ${route}: a forged kid answered ${response.status} ${answer.code}, not NOT_FOUND`);
          return response;
        });
      }
    }
    const lists = fc.record({ pluginId: fc.constantFrom(...pool.ids, ...HOSTILE_TEXTS.slice(0, 4), ''), query: arbitraryFor(ZPluginReviewsQuery, pool) });
    for (const { pluginId, query } of fc.sample(lists, { seed: seedOf('plugin-reviews'), numRuns: HTTP_RUNS })) {
      const search = typeof query === 'object' && query !== null && !Array.isArray(query) ? new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString() : String(query);
      await expectNoServerErrorOverHttp('GET /v1/plugins/:pluginId/reviews', { pluginId, query }, () => fetch(`${ts.url}/v1/plugins/${encodeURIComponent(String(pluginId))}/reviews?${search}`));
    }
    expect(failures.filter((line) => line.includes('/v1/reviews') || line.includes('/reviews'))).toEqual([]);
  });

  it('POST /v1/reviews/report (bodies, forged kids)', async () => {
    const route = '/v1/reviews/report';
    const forged = [42, { kid: 'x' }, 'a\u0000b', 'x'.repeat(2000), null, ''].map((kid) => forgedKey({ alg: 'EdDSA', typ: 'license+jwt', kid }));
    const keyed = fc.record({ body: arbitraryFor(ZPublicReviewReportRequest, { ...pool, texts: [licenseKey, ...forged, ...HOSTILE_TEXTS] }), key: fc.constantFrom(licenseKey, ...forged, undefined) });
    for (const { body, key } of fc.sample(keyed, { seed: seedOf(route), numRuns: HTTP_RUNS })) {
      const withKey = key !== undefined && typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body, key } : body;
      await expectNoServerErrorOverHttp(`POST ${route}`, withKey, () => postJson(route, JSON.stringify(withKey) ?? 'null'));
    }
    for (const key of forged) {
      await expectNoServerErrorOverHttp(`POST ${route} (forged kid)`, key, async () => {
        const response = await postJson(route, JSON.stringify({ key, reviewId: 'fuzz-review', reason: 'SPAM' }));
        const answer = (await response.clone().json()) as { code?: string };
        if (answer.code !== 'NOT_FOUND') failures.push(`POST ${route}: a forged kid answered ${response.status} ${answer.code}, not NOT_FOUND`);
        return response;
      });
    }
    expect(failures.filter((line) => line.includes(route))).toEqual([]);
  });

  it('POST /v1/purchases (bodies and Idempotency-Key headers)', async () => {
    const request = fc.record({ body: arbitraryFor(ZPurchaseCreateInput, pool), key: fc.constantFrom(undefined, 'fuzz-key-1', 'fuzz-key-2', '', 'x'.repeat(256), 'ключ') });
    for (const { body, key } of fc.sample(request, { seed: seedOf('purchases'), numRuns: HTTP_RUNS })) {
      const headers: Record<string, string> = key === undefined ? {} : { 'idempotency-key': encodeURIComponent(key) };
      await expectNoServerErrorOverHttp('POST /v1/purchases', { body, key }, () => postJson('/v1/purchases', JSON.stringify(body) ?? 'null', headers));
    }
    expect(failures.filter((line) => line.includes('/v1/purchases'))).toEqual([]);
  });

  it('POST /webhooks/stripe and /webhooks/stripe/connect: correctly signed events, hostile or not Stripe-shaped', async () => {
    const secret = ts.app.deps.stripe!.webhookSecret!;
    const connectSecret = ts.app.deps.stripe!.connectWebhookSecret ?? secret;
    const text = fc.oneof(fc.constantFrom('ch_1', 'pi_1', 'acct_1', ...pool.ids), fc.constantFrom(...HOSTILE_TEXTS.filter((t) => t !== HUGE_TEXT)));
    const object = fc.record({ id: text, object: fc.constantFrom('charge', 'payment_intent', 'refund', 'payout', 'account', 'checkout.session', 'balance_transaction', '\u0000'), payment_intent: text, charge: text, metadata: fc.dictionary(text, text, { maxKeys: 3 }) });
    const event = fc.record({
      id: fc.oneof({ weight: 4, arbitrary: fc.uuid().map((u) => `evt_fuzz${u.replaceAll('-', '')}`) }, { weight: 1, arbitrary: text }),
      object: fc.constant('event'),
      type: fc.constantFrom('charge.succeeded', 'payment_intent.succeeded', 'payout.paid', 'account.updated', 'customer.created', 'checkout.session.completed', 'x\u0000', ''),
      created: fc.oneof({ weight: 4, arbitrary: fc.constant(Math.floor(Date.now() / 1000)) }, { weight: 1, arbitrary: fc.constantFrom(1e15, -1, 0, 1.5, '1700000000', null) }),
      livemode: fc.constantFrom(false, true, undefined, 'false', null),
      api_version: fc.constantFrom('2025-01-01', null, undefined, '\u0000', 7),
      account: fc.constantFrom(undefined, 'acct_1Fuzz', 'acct_\u0000', 5),
      data: fc.oneof({ weight: 6, arbitrary: object.map((o) => ({ object: o })) }, { weight: 1, arbitrary: fc.constantFrom(null, {}, { object: 'x' }, { object: [] }) }),
    }, { requiredKeys: ['id', 'object', 'type', 'created', 'data'] });
    const deep = `{"id":"evt_fuzzdeep","object":"event","type":"charge.succeeded","created":${Math.floor(Date.now() / 1000)},"livemode":false,"data":{"object":{"object":"charge","id":"ch_1","metadata":${'['.repeat(100_000)}${']'.repeat(100_000)}}}}`;
    const bodies = [...fc.sample(event, { seed: seedOf('webhooks'), numRuns: HTTP_RUNS }).map((e) => JSON.stringify(e)), deep];
    for (const body of bodies) {
      for (const [path, key] of [['/webhooks/stripe', secret], ['/webhooks/stripe/connect', connectSecret]] as const) {
        await expectNoServerErrorOverHttp(`POST ${path}`, body, () => postJson(path, body, { 'stripe-signature': signWebhookPayload(body, key, Math.floor(Date.now() / 1000)) }));
      }
    }
    // The stored events are processed like any other: the worker may fail an event, never throw.
    await drainStripeEvents(ts.app.deps, { workerId: 'fuzz-worker' });
    expect(failures.filter((line) => line.includes('/webhooks/'))).toEqual([]);
  });

  it('GET /exports/transactions.csv (queries, as every role) and GET /.well-known/jwks.json', async () => {
    const cookies = await Promise.all(ROLES.map((role) => sessionCookieFor(ts.app.deps, users.get(role)!)));
    const query = fc.tuple(arbitraryFor(ZExportTransactionsQuery, pool), fc.constantFrom(...cookies, ''));
    for (const [input, cookie] of fc.sample(query, { seed: seedOf('export'), numRuns: HTTP_RUNS })) {
      const params = new URLSearchParams();
      if (typeof input === 'object' && input !== null) for (const [k, v] of Object.entries(input)) if (v !== undefined) params.append(k, v instanceof Date ? (Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString()) : String(v));
      await expectNoServerErrorOverHttp('GET /exports/transactions.csv', input, () => fetch(`${ts.url}/exports/transactions.csv?${params}`, { headers: cookie ? { cookie } : {} }));
    }
    await expectNoServerErrorOverHttp('GET /.well-known/jwks.json', null, () => fetch(`${ts.url}/.well-known/jwks.json?kid=%00`));
    expect(failures.filter((line) => line.includes('GET /'))).toEqual([]);
  });

  it('the tRPC endpoint over HTTP: hostile superjson bodies and query strings', async () => {
    const cookie = await sessionCookieFor(ts.app.deps, users.get('ADMIN')!);
    const inputs = ['%00', '{"json":{"search":"\\u0000"}}', '{"json":{"from":"x"},"meta":{"values":{"from":["Date"]}}}', '{"json":null,"meta":{"values":["bigint"]}}', '{"json":{"a":1},"meta":{"values":{"a":[["custom","x"]]}}}', '[[[[[[[[', `{"json":"${'a'.repeat(100_000)}"}`];
    for (const input of inputs) {
      for (const path of ['users.list', 'audit.list', 'finance.searchPurchases']) {
        await expectNoServerErrorOverHttp(`GET /trpc/${path}`, input, () => fetch(`${ts.url}/trpc/${path}?input=${encodeURIComponent(input)}`, { headers: { cookie } }));
      }
      await expectNoServerErrorOverHttp('POST /trpc/auth.signIn', input, () => postJson('/trpc/auth.signIn', input, { origin: ts.url }));
    }
    expect(failures.filter((line) => line.includes('/trpc/'))).toEqual([]);
  });
});
