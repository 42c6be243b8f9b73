/**
 * Object scope, beside the permission matrix: a procedure whose input names an object (a field
 * `id`, `…Id`, `ids`, `…Ids` or a `cursor`, found by walking every procedure's zod input) is
 * listed below as creator-scoped or staff-wide, and a new one fails here until it is.
 * - Creator-scoped: called by every user of an allowed role who does not own the object (above
 *   all creator B with creator A's ids, and a creator user without a creator account), it
 *   answers NOT_FOUND, not FORBIDDEN and not data, in the words an id that never existed gets;
 *   the owner's same call is not NOT_FOUND, so the object exists and the input is valid. Each id
 *   field is crossed at least once, and a creator's own view (no ids) holds none of another
 *   creator's ids or ledger figures.
 * - Staff-wide: only staff roles may call it, and they see every creator's objects, so none of
 *   them is a non-owner.
 * The plain HTTP routes of the modules (`modules/<capability>/http.ts`) are listed the same
 * way; uploads, a crossing over /trpc, the CSV export and public purchases of a creator's
 * unpublished plugin are called on the real server.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PERMISSIONS, type Permission, type Role } from '@marketdesk/shared';
import { appRouter } from '../src/routers.ts';
import { SESSION_COOKIE } from '../src/platform/sessions.ts';
import { chargeEntries, postLedgerTransaction, transferEntries } from '../src/modules/payments/ledger.ts';
import type { ProcedureMeta } from '../src/platform/trpc/init.ts';
import { contextFor, createCaller, createTestUser, startTestServer, type TestServer } from './harness.ts';
import { createCreator, createPlugin, createSubmission } from './factories.ts';
import { buildPackage, manifestOf } from './packages.ts';
import { insertReview } from './reviews/helpers.ts';

/** An input field that names an object (or a position after one, for cursors). */
const ID_FIELD = /^(id|ids|cursor)$|(Id|Ids)$/;

interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription'; meta?: ProcedureMeta; inputs: z.ZodType[] };
}
// At run time `_def.procedures` is flat, keyed by dotted path ("users.list").
const procedures = new Map(Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>));

/** Field names (dotted under nesting, arrays transparent) of a JSON schema. */
function fieldsOf(schema: unknown, prefix = ''): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const s = schema as { properties?: Record<string, unknown>; items?: unknown; anyOf?: unknown[]; oneOf?: unknown[]; allOf?: unknown[] };
  const own = Object.entries(s.properties ?? {}).flatMap(([key, value]) => [prefix + key, ...fieldsOf(value, `${prefix}${key}.`)]);
  return [...own, ...[s.items, ...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])].flatMap((nested) => fieldsOf(nested, prefix))];
}

/** The id-like input fields of procedure `path`, e.g. `['submissionId']`, `['items.submissionId']`. */
function idFieldsOf(path: string): string[] {
  const inputs = procedures.get(path)!._def.inputs;
  const fields = inputs.flatMap((input) => fieldsOf(z.toJSONSchema(input, { io: 'input', unrepresentable: 'any' })));
  return [...new Set(fields.filter((field) => ID_FIELD.test(field.split('.').at(-1)!)))];
}

const permissionOf = (path: string) => procedures.get(path)!._def.meta?.permission as Permission | undefined;
const allowedRoles = (path: string): readonly Role[] => (permissionOf(path) ? PERMISSIONS[permissionOf(path)!] : []);

/** A user `contextFor` signs in. */
type SignedInUser = NonNullable<Parameters<typeof contextFor>[1]>;

interface Tenant {
  user: SignedInUser;
  cookie: string;
  creatorId: string;
  pluginId: string;
  submission: { id: string; version: number };
  purchaseId: string;
  refundId: string;
  payoutId: string;
  /** Uploads of the tenant's plugin's package (1.0.1, 1.0.2, …), unused. */
  uploadIds: string[];
  /** A published buyer review of the tenant's plugin written `ageDays` ago, and an older one (a day before). */
  reviewId: string;
  olderReviewId: string;
}

interface Crossing {
  /** The id field that carries the other creator's object. */
  field: string;
  /** What of creator A's it names. */
  names: string;
  /** The input, as creator B would send it: A's object in `field`, B's own elsewhere. */
  input: (a: Tenant, b: Tenant) => unknown;
  /** The owner's call with the same object (default: `input(a, a)`): must not be NOT_FOUND. */
  ownerInput?: (a: Tenant) => unknown;
  /**
   * A cursor positions a page. B's rows are older than A's cursor row, so a cursor found outside
   * B's scope pages into them (and tells that A's row exists, and when); the owner's page after
   * the same row holds the owner's older one.
   */
  isPosition?: boolean;
}

const DAY_MS = 86_400_000;
/** The last 30 days, in which the tenants' objects are made. */
const PERIOD = { from: new Date(Date.now() - 30 * DAY_MS).toISOString(), to: new Date(Date.now() + DAY_MS).toISOString(), currency: 'usd' };

/**
 * A creator's own view (no ids) of a read: it `shows` the creator's ids, or figures (B has no
 * ledger entries, so every figure of B's is 0 and one of A's is not), or a link.
 */
interface OwnView {
  input: (tenant: Tenant) => unknown;
  shows: 'ids' | 'figures' | 'a link';
}

/**
 * The procedures that read or change one creator's own objects, with the crossings of every id
 * field and their own view. Every procedure a CREATOR may call is here.
 */
const CREATOR_SCOPED: Record<string, { own?: OwnView; crossings: Crossing[] }> = {
  'submissions.get': {
    own: { input: (t) => ({ submissionId: t.submission.id }), shows: 'ids' },
    crossings: [{ field: 'submissionId', names: 'submission', input: (a) => ({ submissionId: a.submission.id }) }],
  },
  'submissions.reply': {
    crossings: [{ field: 'submissionId', names: 'submission (changes requested)', input: (a) => ({ submissionId: a.submission.id, version: a.submission.version, message: 'Fixed, see 1.0.1.' }) }],
  },
  'submissions.create': {
    crossings: [
      { field: 'pluginId', names: 'plugin', input: (a, b) => ({ pluginId: a.pluginId, uploadId: b.uploadIds[0] }), ownerInput: (a) => ({ pluginId: a.pluginId, uploadId: a.uploadIds[0] }) },
      { field: 'uploadId', names: 'upload', input: (a, b) => ({ pluginId: b.pluginId, uploadId: a.uploadIds[1] }), ownerInput: (a) => ({ pluginId: a.pluginId, uploadId: a.uploadIds[1] }) },
    ],
  },
  'submissions.mine': { own: { input: () => ({}), shows: 'ids' }, crossings: [] },
  'submissions.plugins': { own: { input: () => undefined, shows: 'ids' }, crossings: [] },
  'creator.earnings': {
    own: { input: () => ({}), shows: 'figures' },
    crossings: [{ field: 'creatorId', names: 'earnings', input: (a) => ({ creatorId: a.creatorId }) }],
  },
  'creator.earningsSeries': {
    own: { input: () => PERIOD, shows: 'figures' },
    crossings: [{ field: 'creatorId', names: 'earnings series', input: (a) => ({ ...PERIOD, creatorId: a.creatorId }) }],
  },
  'creator.salesByPlugin': {
    own: { input: () => PERIOD, shows: 'figures' },
    crossings: [{ field: 'creatorId', names: 'sales', input: (a) => ({ ...PERIOD, creatorId: a.creatorId }) }],
  },
  'creator.payouts': {
    own: { input: () => ({}), shows: 'ids' },
    crossings: [
      { field: 'creatorId', names: 'payouts', input: (a) => ({ creatorId: a.creatorId }) },
      { field: 'cursor', names: 'payout (as a cursor)', input: (a) => ({ cursor: a.payoutId }), isPosition: true },
    ],
  },
  'creator.refunds': {
    own: { input: () => ({}), shows: 'ids' },
    crossings: [
      { field: 'creatorId', names: 'refunds', input: (a) => ({ creatorId: a.creatorId }) },
      { field: 'cursor', names: 'refund (as a cursor)', input: (a) => ({ cursor: a.refundId }), isPosition: true },
    ],
  },
  'creator.earningsByModel': {
    own: { input: () => PERIOD, shows: 'figures' },
    crossings: [{ field: 'creatorId', names: 'earnings by pricing model', input: (a) => ({ ...PERIOD, creatorId: a.creatorId }) }],
  },
  // Every plugin of the creator is listed (with its usage, none here): B's own view shows B's plugin id.
  'creator.usage': {
    own: { input: () => ({}), shows: 'ids' },
    crossings: [{ field: 'creatorId', names: 'usage of plugins', input: (a) => ({ creatorId: a.creatorId }) }],
  },
  'connect.status': { own: { input: () => undefined, shows: 'ids' }, crossings: [] },
  'connect.refresh': { own: { input: () => undefined, shows: 'ids' }, crossings: [] },
  'connect.createOnboardingLink': {
    own: { input: () => ({ returnUrl: 'https://console.example.test/payouts', refreshUrl: 'https://console.example.test/payouts/refresh' }), shows: 'a link' },
    crossings: [],
  },
  // Every tenant's plugin is named plugin-…: the palette's search finds the caller's own only.
  'search.global': { own: { input: () => ({ query: 'plugin-' }), shows: 'ids' }, crossings: [] },
  // Every signed-in user may call it (no permission); a creator's section counts the caller's own
  // rows only, checked row by row in home.test.ts (its counts, not ids or ledger figures, are its view).
  'home.attention': { crossings: [] },
  'pricing.ownTiers': { crossings: [{ field: 'pluginId', names: 'plugin\'s tiers', input: (a) => ({ pluginId: a.pluginId }) }] },
  // The owner's call saves one free tier (no price to check); the tenants' purchases are made before, in beforeAll.
  'pricing.saveTiers': {
    crossings: [{ field: 'pluginId', names: 'plugin (its tiers)', input: (a) => ({ pluginId: a.pluginId, tiers: [{ key: 'free', name: 'Free', priceAmount: 0, entitlements: ['plugin.use'], machineLimit: 1, trialDays: 0, quotas: [] }] }) }],
  },
  'reviews.own': {
    own: { input: () => ({}), shows: 'ids' },
    crossings: [
      { field: 'pluginId', names: 'plugin\'s reviews', input: (a) => ({ pluginId: a.pluginId }) },
      { field: 'cursor', names: 'review (as a cursor)', input: (a) => ({ cursor: a.reviewId }), isPosition: true },
    ],
  },
  'reviews.ownSummary': {
    own: { input: () => ({}), shows: 'ids' },
    crossings: [{ field: 'pluginId', names: 'plugin\'s ratings', input: (a) => ({ pluginId: a.pluginId }) }],
  },
  'reviews.reply': { crossings: [{ field: 'reviewId', names: 'review', input: (a) => ({ reviewId: a.reviewId, body: 'Thanks for the review.' }) }] },
  'reviewReports.report': { crossings: [{ field: 'reviewId', names: 'review (to report)', input: (a) => ({ reviewId: a.reviewId, reason: 'SPAM' }) }] },
};

/** Procedures with id fields that only staff may call; every allowed role sees every creator's objects. */
const STAFF_WIDE: Record<string, string> = {
  'users.setRoles': 'any staff or creator user (admins)',
  'users.disable': 'any user (admins)',
  'users.enable': 'any user (admins)',
  'users.resetPassword': 'any staff user (admins)',
  'audit.list': 'any target, any page (admins)',
  'reference.plugins': 'any plugin by name or id (staff pickers; creators have no catalog.read)',
  'reference.creators': 'any creator by name or id (staff pickers; creators have no catalog.read)',
  'queue.list': 'any creator, plugin, page (moderators)',
  'queue.get': 'any submission (moderators)',
  'queue.files': "any submission's package files (moderators; creators have no queue.read)",
  'queue.file': "any submission's package file (moderators)",
  'queue.diff': "any submission against its plugin's last approved version (moderators)",
  'queue.fileDiff': "any submission's file against the last approved version (moderators)",
  'queue.rescan': 'any submission (moderators)',
  'queue.claim': 'any submission (moderators)',
  'queue.renew': 'any submission (moderators)',
  'queue.release': 'any submission (moderators)',
  'queue.approve': 'any submission (moderators)',
  'queue.reject': 'any submission and decision reason (moderators)',
  'queue.requestChanges': 'any submission and decision reason (moderators)',
  'queue.flag': 'any submission (moderators)',
  'queue.bulkDecide': 'any submissions and decision reason (moderators)',
  'refunds.preview': 'any purchase (finance)',
  'refunds.create': 'any purchase (finance)',
  'finance.searchPurchases': 'any purchase, any page (finance)',
  'finance.purchase': 'any purchase (finance)',
  'finance.disputes': 'any dispute, any page (finance)',
  'disputes.get': 'any dispute (finance)',
  'disputes.updateEvidence': 'any dispute (finance)',
  'finance.payouts': 'any creator\'s payouts, any page (finance)',
  'finance.ledgerTransaction': 'any ledger transaction (finance)',
  'stripeEvents.list': 'any Stripe event, any page (finance)',
  'stripeEvents.get': 'any Stripe event (finance)',
  'stripeEvents.replay': 'any Stripe event (finance)',
  'licenses.search': 'any plugin\'s licenses, any page (support)',
  'licenses.get': 'any license (support)',
  'licenses.suspend': 'any license (support)',
  'licenses.reinstate': 'any license (support)',
  'licenses.revoke': 'any license (support)',
  'licenses.deactivateMachine': 'any license and activation (support)',
  'licenses.bulk': 'any licenses (support)',
  'licenses.validations': 'any license\'s validation log (support)',
  'licenses.replace': 'any license (support)',
  'licenses.usage': 'any license\'s usage this period and before (support)',
  'licenses.resetQuota': 'any license\'s quota counter (support)',
  'licenses.credits': 'any license\'s credits and their movements (support)',
  'licenses.grantCredits': 'any license (support)',
  'licenses.trial': 'any license\'s trial (support)',
  'licenses.extendTrial': 'any license\'s trial (support)',
  'subscriptions.cancel': 'any subscription (finance, support)',
  'pricing.tiers': 'any plugin\'s tiers (staff with catalog.read; creators read their own through pricing.ownTiers)',
  'subscriptions.changeTier': 'any subscription (finance, support)',
  'subscriptions.billing': 'any subscription (finance, support)',
  'reviews.forPlugin': 'any plugin\'s buyer reviews, any page (staff with reviews.read; creators read their own through reviews.own)',
  'reviewQueue.list': 'any plugin\'s queued buyer reviews, any page (moderators)',
  'reviewQueue.get': 'any buyer review (moderators)',
  'reviewQueue.claim': 'any buyer review (moderators)',
  'reviewQueue.renew': 'any buyer review (moderators)',
  'reviewQueue.release': 'any buyer review (moderators)',
  'reviewQueue.decide': 'any buyer review and moderation reason (moderators)',
  'reviewQueue.bulkDecide': 'any buyer reviews and moderation reason (moderators)',
  'reputation.plugin': 'any plugin\'s rating and ratings over time (staff with reviews.read)',
  'reputation.creator': 'any creator\'s record: reputation, counts and plugins (admin, moderator, finance)',
};

/** The modules' plain HTTP routes and who they answer: the creators' ones, the CSV export and purchases are called below. */
const HTTP_ROUTES: Record<string, 'creator' | 'staff' | 'public' | 'stripe-signed' | 'license-key holder'> = {
  '/uploads/package': 'creator',
  '/exports/transactions.csv': 'staff',
  '/disputes/evidence-files': 'staff',
  '/v1/purchases': 'public',
  '/v1/plugins/:pluginId/pricing': 'public',
  '/v1/trials': 'public',
  '/v1/plugins/:pluginId/reviews': 'public',
  '/.well-known/jwks.json': 'public',
  '/webhooks/stripe': 'stripe-signed',
  '/webhooks/stripe/connect': 'stripe-signed',
  '/v1/licenses/validate': 'license-key holder',
  '/v1/licenses/activate': 'license-key holder',
  '/v1/licenses/deactivate': 'license-key holder',
  '/v1/subscriptions/change-tier': 'license-key holder',
  '/v1/licenses/usage': 'license-key holder',
  '/v1/credit-packs': 'license-key holder',
  '/v1/reviews/report': 'license-key holder',
  '/v1/reviews': 'license-key holder',
  '/v1/reviews/mine': 'license-key holder',
};

const MODULES_DIR = path.resolve(import.meta.dirname, '../src/modules');
function httpRoutePaths(): string[] {
  const sources = readdirSync(MODULES_DIR).flatMap((module) => {
    // A module's http.ts and any other *-http.ts beside it (reviews' report-http.ts).
    try {
      return readdirSync(path.join(MODULES_DIR, module)).filter((file) => /(^|-)http\.ts$/.test(file)).map((file) => readFileSync(path.join(MODULES_DIR, module, file), 'utf8'));
    } catch {
      return [];
    }
  });
  return [...new Set(sources.flatMap((source) => [...source.matchAll(/['"](\/[\w./:-]*\w)['"]/g)].map((m) => m[1]!)))];
}

let server: TestServer;
let a: Tenant;
let b: Tenant;
/** A signed-in CREATOR whose user has no creator account. */
let unlinkedCreator: SignedInUser;
const staff = new Map<Role, SignedInUser>();
/** What was checked, for the summary line: `path|role` of each NOT_FOUND asked of a non-owner. */
const checkedPairs = new Set<string>();
let notFoundChecks = 0;
let calls = 0;

async function upload(cookie: string, name: string, version: string): Promise<string> {
  const tgz = await readFile(await buildPackage({ 'package.json': manifestOf(name, version), 'index.js': 'module.exports = 1;\n' }));
  const response = await fetch(`${server.url}/uploads/package`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/gzip', 'x-marketdesk-client': 'console' },
    body: tgz,
  });
  const json = (await response.json()) as Record<string, unknown>;
  expect(response.status, JSON.stringify(json)).toBe(200);
  expect(Object.keys(json).sort()).toEqual(['integrity', 'name', 'sizeBytes', 'uploadId', 'version']);
  return json.uploadId as string;
}

/**
 * A creator with a plugin, a submission awaiting their reply, a refunded purchase and a payout
 * made `ageDays` ago (and an older refund and payout, a day before), and two unused uploads;
 * with `hasLedger`, the purchase's charge and transfer are in the ledger.
 */
async function seedTenant(ageDays: number, { hasLedger }: { hasLedger: boolean }): Promise<Tenant> {
  const prisma = server.db.prisma;
  const at = new Date(Date.now() - ageDays * DAY_MS);
  const dayBefore = new Date(at.getTime() - DAY_MS);
  const unique = randomUUID().slice(0, 8);
  const user = await createTestUser(prisma, ['CREATOR']);
  const creator = await createCreator(prisma, user.id);
  const plugin = await createPlugin(prisma, creator.id);
  const submission = await createSubmission(prisma, plugin, { status: 'CHANGES_REQUESTED', submittedAt: at });
  const purchase = await prisma.purchase.create({
    data: { pluginId: plugin.id, creatorId: creator.id, buyerEmail: `buyer-${unique}@example.test`, paymentIntentId: `pi_${unique}`, amount: 1900, currency: 'usd', applicationFeeAmount: 190, status: 'PARTIALLY_REFUNDED', amountRefunded: 500, createdAt: at, paidAt: at },
  });
  const refundOf = (createdAt: Date, key: string) => prisma.refund.create({ data: { purchaseId: purchase.id, stripeRefundId: `re_${key}`, amount: 250, currency: 'usd', reason: 'REQUESTED_BY_CUSTOMER', status: 'SUCCEEDED', idempotencyKey: `refund:${purchase.id}:${key}`, createdAt } });
  const payoutOf = (createdAt: Date, key: string) => prisma.payout.create({ data: { stripePayoutId: `po_${key}`, creatorId: creator.id, amount: 1200, currency: 'usd', status: 'PAID', createdAt } });
  if (hasLedger) {
    const tags = { creatorId: creator.id, pluginId: plugin.id };
    await prisma.$transaction(async (tx) => {
      await postLedgerTransaction(tx, { externalKey: `charge:ch_${unique}`, kind: 'payment', purchaseId: purchase.id, currency: 'usd', occurredAt: at, entries: chargeEntries(tags, 1900, 85) });
      await postLedgerTransaction(tx, { externalKey: `transfer:tr_${unique}`, kind: 'transfer', purchaseId: purchase.id, currency: 'usd', occurredAt: at, entries: transferEntries(tags, 1710) });
    });
  }
  await refundOf(dayBefore, `${unique}-older`);
  await payoutOf(dayBefore, `${unique}-older`);
  const refund = await refundOf(at, unique);
  const payout = await payoutOf(at, unique);
  // The signed-in context's session token, as the console's cookie.
  const cookie = `${SESSION_COOKIE}=${(await contextFor(server.app.deps, user)).sessionToken}`;
  const uploadIds = [await upload(cookie, plugin.name, '1.0.1'), await upload(cookie, plugin.name, '1.0.2')];
  const olderReview = await insertReview(prisma, plugin, { createdAt: dayBefore });
  const review = await insertReview(prisma, plugin, { createdAt: at });
  return { user, cookie, creatorId: creator.id, pluginId: plugin.id, submission, purchaseId: purchase.id, refundId: refund.id, payoutId: payout.id, uploadIds, reviewId: review.id, olderReviewId: olderReview.id };
}

/** Every number in `value` (an answer), at any depth. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

/** Every id of `tenant`'s, to look for in answers given to someone else. */
const idsOf = (tenant: Tenant) => [tenant.user.id, tenant.creatorId, tenant.pluginId, tenant.submission.id, tenant.purchaseId, tenant.refundId, tenant.payoutId, ...tenant.uploadIds, tenant.reviewId, tenant.olderReviewId];

/** The users of `role` who do not own creator A's objects. */
function nonOwners(role: Role): { who: string; user: SignedInUser }[] {
  if (role === 'CREATOR') return [{ who: 'creator B', user: b.user }, { who: 'a creator user without a creator account', user: unlinkedCreator }];
  return [{ who: role, user: staff.get(role)! }];
}

/** Calls `path` as `user`: `{ code: 'OK', data }` or the tRPC error's code and message. */
async function call(path: string, user: SignedInUser, input: unknown): Promise<{ code: string; data?: unknown; message?: string }> {
  calls += 1;
  const caller = createCaller(await contextFor(server.app.deps, user)) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  const [namespace, name] = path.split('.') as [string, string];
  return caller[namespace]![name]!(input).then(
    (data) => ({ code: 'OK', data }),
    (error: unknown) => (error instanceof TRPCError ? { code: error.code, message: error.message } : { code: `unexpected ${String(error)}` }),
  );
}

beforeAll(async () => {
  server = await startTestServer();
  a = await seedTenant(0, { hasLedger: true });
  b = await seedTenant(2, { hasLedger: false });
  unlinkedCreator = await createTestUser(server.db.prisma, ['CREATOR']);
  for (const role of ['ADMIN', 'MODERATOR', 'FINANCE', 'SUPPORT'] as const) staff.set(role, await createTestUser(server.db.prisma, [role]));
});
afterAll(async () => {
  await server?.close();
  const crossings = Object.values(CREATOR_SCOPED).reduce((n, p) => n + p.crossings.length, 0);
  const procedureCount = new Set([...checkedPairs].map((pair) => pair.split('|')[0])).size;
  console.info(
    `object scope: ${procedureCount} creator-scoped procedures with ids × their allowed roles = ${checkedPairs.size} pairs, ${crossings} crossings, ${notFoundChecks} NOT_FOUND checks by non-owners; ` +
      `${Object.values(CREATOR_SCOPED).filter((p) => p.own).length} creators' own views; ${Object.keys(STAFF_WIDE).length} staff-wide procedures classified; ${Object.keys(HTTP_ROUTES).length} HTTP routes classified; ${calls} calls`,
  );
});

describe('object scope: classification', () => {
  const idProcedures = [...procedures.keys()].filter((path) => idFieldsOf(path).length > 0);

  it('finds the id fields it is about', () => {
    expect(idFieldsOf('submissions.get')).toEqual(['submissionId']);
    expect(idFieldsOf('queue.bulkDecide')).toContain('items.submissionId');
    expect(idFieldsOf('creator.payouts').sort()).toEqual(['creatorId', 'cursor']);
    expect(idProcedures.length).toBeGreaterThan(30);
  });

  it.each(idProcedures)('%s (takes an id) is listed as creator-scoped or staff-wide', (path) => {
    expect(path in CREATOR_SCOPED || path in STAFF_WIDE, `${path} takes ${idFieldsOf(path).join(', ')}: list it in CREATOR_SCOPED or STAFF_WIDE`).toBe(true);
    expect(path in CREATOR_SCOPED && path in STAFF_WIDE, `${path} is listed twice`).toBe(false);
  });

  it.each([...procedures.keys()].filter((path) => allowedRoles(path).includes('CREATOR')))('%s (open to creators) is listed as creator-scoped', (path) => {
    expect(path in CREATOR_SCOPED, `${path}: creators may call it; list it in CREATOR_SCOPED with its crossings`).toBe(true);
  });

  it.each(Object.keys(STAFF_WIDE))('%s (staff-wide) exists and is open to staff roles only', (path) => {
    expect(procedures.has(path), `${path} is listed but no such procedure`).toBe(true);
    expect(allowedRoles(path).length).toBeGreaterThan(0);
    expect(allowedRoles(path), `${path} is staff-wide but open to creators: scope it and list it in CREATOR_SCOPED`).not.toContain('CREATOR');
  });

  it.each(Object.keys(CREATOR_SCOPED))('%s (creator-scoped) exists and every id field is crossed', (path) => {
    expect(procedures.has(path), `${path} is listed but no such procedure`).toBe(true);
    expect(CREATOR_SCOPED[path]!.crossings.map((c) => c.field).sort()).toEqual(expect.arrayContaining(idFieldsOf(path)));
    expect(idFieldsOf(path)).toEqual(expect.arrayContaining(CREATOR_SCOPED[path]!.crossings.map((c) => c.field)));
  });

  it('lists every HTTP route of the modules', () => {
    const found = httpRoutePaths();
    expect(found).toContain('/uploads/package');
    expect(found.sort()).toEqual(Object.keys(HTTP_ROUTES).sort());
  });
});

describe('object scope: creator-scoped procedures answer NOT_FOUND to non-owners', () => {
  const cases = Object.entries(CREATOR_SCOPED).flatMap(([path, { crossings }]) => crossings.map((crossing) => ({ path, crossing, label: `${crossing.field} = creator A's ${crossing.names}` })));

  it.each(cases)('$path with $label', async ({ path, crossing }) => {
    for (const role of allowedRoles(path)) {
      for (const { who, user } of nonOwners(role)) {
        const outcome = await call(path, user, crossing.input(a, b));
        checkedPairs.add(`${path}|${role}`);
        notFoundChecks += 1;
        expect(outcome.code, `${path} as ${who} (${role}): ${outcome.message ?? JSON.stringify(outcome.data)}`).toBe('NOT_FOUND');
        for (const id of idsOf(a).filter((id) => id !== (crossing.input(a, b) as Record<string, unknown>)[crossing.field])) {
          expect(outcome.message ?? '', `${path} as ${who} names one of A's ids`).not.toContain(id);
        }
      }
    }
    // To creator B, A's object answers exactly as one that never existed (no existence oracle).
    const input = crossing.input(a, b) as Record<string, unknown>;
    const missingId = `c${randomUUID().replaceAll('-', '').slice(0, 24)}`;
    const [crossed, missing] = [await call(path, b.user, input), await call(path, b.user, { ...input, [crossing.field]: missingId })];
    expect(missing.code, `${path} as creator B with an id that never existed: ${missing.message}`).toBe('NOT_FOUND');
    expect(crossed.message?.replaceAll(String(input[crossing.field]), '<id>')).toBe(missing.message?.replaceAll(missingId, '<id>'));
    const owned = await call(path, a.user, (crossing.ownerInput ?? ((owner: Tenant) => crossing.input(owner, owner)))(a));
    expect(owned.code, `${path} as creator A, the owner: ${owned.message}`).not.toMatch(/^(NOT_FOUND|FORBIDDEN|UNAUTHORIZED|INTERNAL_SERVER_ERROR|BAD_REQUEST|unexpected)/);
    if (crossing.isPosition) expect((owned.data as { items: unknown[] }).items, `${path} as creator A: the page after A's own row`).toHaveLength(1);
  });

  it.each(Object.keys(CREATOR_SCOPED).filter((path) => CREATOR_SCOPED[path]!.own))('%s: creator B\'s own view holds nothing of creator A\'s', async (path) => {
    const own = CREATOR_SCOPED[path]!.own!;
    const outcome = await call(path, b.user, own.input(b));
    expect(outcome.code, outcome.message).toBe('OK');
    const text = JSON.stringify(outcome.data);
    for (const id of idsOf(a)) expect(text, `${path} as creator B shows A's ${id}`).not.toContain(id);
    if (own.shows === 'ids') expect(idsOf(b).some((id) => text.includes(id)), `${path} as creator B shows none of B's ids`).toBe(true);
    if (own.shows === 'figures') {
      expect(numbersIn(outcome.data).filter((n) => n !== 0), `${path} as creator B counts A's ledger`).toEqual([]);
      const owners = await call(path, a.user, own.input(a));
      expect(numbersIn(owners.data).some((n) => n !== 0), `${path} as creator A counts nothing: the check above proves nothing`).toBe(true);
    }
  });
});

describe('object scope: plain HTTP', () => {
  it('answers a tRPC crossing over HTTP with 404', async () => {
    const url = `${server.url}/trpc/submissions.get?input=${encodeURIComponent(JSON.stringify({ json: { submissionId: a.submission.id } }))}`;
    const response = await fetch(url, { headers: { cookie: b.cookie, 'x-marketdesk-client': 'console' } });
    expect(response.status).toBe(404);
    const text = await response.text();
    for (const id of idsOf(a).filter((id) => id !== a.submission.id)) expect(text).not.toContain(id);
  });

  it('answers a buyer asking for a creator\'s draft or delisted plugin as for one that never existed (public purchases)', async () => {
    const purchase = async (pluginId: string) => {
      const response = await fetch(`${server.url}/v1/purchases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pluginId, buyerEmail: 'buyer@example.test' }) });
      const { requestId: _requestId, ...body } = (await response.json()) as Record<string, unknown>;
      return { status: response.status, body: JSON.stringify(body).replaceAll(pluginId, '<id>') };
    };
    const missing = await purchase(`c${randomUUID().replaceAll('-', '').slice(0, 24)}`);
    expect(missing.status).toBe(404);
    for (const status of ['DRAFT', 'DELISTED'] as const) {
      const plugin = await server.db.prisma.plugin.update({ where: { id: (await createPlugin(server.db.prisma, a.creatorId)).id }, data: { status } });
      expect(await purchase(plugin.id), status).toEqual(missing);
    }
  });

  it('refuses the transactions CSV to creators (finance only): 403, no rows', async () => {
    for (const tenant of [a, b]) {
      const response = await fetch(`${server.url}/exports/transactions.csv?from=${PERIOD.from}&to=${PERIOD.to}&creatorId=${a.creatorId}`, { headers: { cookie: tenant.cookie } });
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).not.toMatch(/text\/csv/);
      const text = await response.text();
      for (const id of idsOf(a)) expect(text).not.toContain(id);
    }
  });

});
