/**
 * The public license API's decisions (http/licenses.ts wires them to HTTP): validate, activate,
 * deactivate. Each first verifies the key (licenses/license-token.ts), then reads the License row
 * from the database on every call — no cache — so a revocation or suspension made by any API
 * process is reported on the very next request. Result codes follow Keygen's validation codes
 * (keygen.sh/docs/api/licenses/#licenses-actions-validate-key) plus REVOKED.
 */
import type { LicenseActivateRequest, LicenseApiResponse, LicenseDeactivateRequest, LicenseResultCode, LicenseValidateRequest } from '@marketdesk/shared';
import type { LicenseStatus, PrismaClient } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { verifyLicenseToken } from './license-token.ts';
import type { Keyring } from './signing-keys.ts';
import { LicenseReads, readLicenseRows, type RunLicenseQuery } from './license-reads.ts';
import type { VerifiedKeyCache } from './verified-key-cache.ts';
import { RENEWAL_SUSPENSION_PREFIX } from '../subscriptions/index.ts';
import { quotaExceededDetail, readQuotaState, spentQuotaOf, toPublicQuotas, type RunQuery } from '../usage/index.ts';

/**
 * The database and the clock (key expiry, license expiry, activation times) from AppDeps, plus
 * what the route derives once from it: the process's keyring (keyringFor) and the issuer
 * (`config.licenseIssuer`).
 */
export interface LicenseApiDeps extends Pick<AppDeps, 'prisma' | 'clock'> {
  keyring: Keyring;
  issuer: string;
  /**
   * Runs one SQL statement on the pool directly (Database.query; `name` → a prepared statement).
   * The per-call read goes through it when given, prepared: it costs about a fifth of the same
   * $queryRaw through Prisma (59 vs 321 µs on the bench machine), and planning it on every call
   * cost 0.36 ms of PostgreSQL's time against 0.1 ms executing it; validation is the API's hottest path.
   */
  query?: <T>(sql: string, params: unknown[], name?: string) => Promise<T[]>;
  /**
   * Keys this process has verified (verified-key-cache.ts); without it every call verifies the
   * key's signature. The license row is read on every call either way.
   */
  verifiedKeys?: VerifiedKeyCache;
  /** Batched reads (licenseReadsOver(query)): concurrent calls share one statement. Without it each call reads alone. */
  reads?: LicenseReads<LicenseRow>;
}

/** An answer before the route adds `ts` and `nonce`; `licenseId`/`activationId` for the validation counter; `httpStatus` 200 or 201. */
export interface LicenseDecision {
  body: Omit<LicenseApiResponse, 'ts' | 'nonce'>;
  httpStatus: 200 | 201;
  licenseId: string | null;
  activationId: string | null;
}

export interface LicenseRow {
  id: string;
  status: LicenseStatus;
  pluginId: string;
  entitlements: string[];
  machineLimit: number;
  expiresAt: Date | null;
  machines: number;
  activationId: string | null;
  /** Suspended by Marketdesk itself because a subscription's renewal payment failed (no staff member, the renewal prefix). */
  isPaymentSuspension: boolean;
  /** The license's tier (null for a plugin without tiers). */
  tierKey: string | null;
  tierName: string | null;
  /** A trial license: when its trial ends. */
  trialEndsAt: Date | null;
  /** Read only for a trial license (null otherwise), for the sentence of a trial that ended: the plugin's name and the trial's length in days. */
  pluginName: string | null;
  trialDays: number | null;
  /** The license's tier has quotas: validate reads them (readQuotaState), the one extra query. */
  hasQuotas: boolean;
  /** The signing keys' version (SIGNING_KEYS_VERSION_SQL), for the verified-key cache. */
  keysVersion: string;
}

const DETAIL: Record<LicenseResultCode, string> = {
  VALID: 'The license is valid',
  NOT_FOUND: 'No such license',
  SUSPENDED: 'This license is suspended. Contact the seller\'s support',
  REVOKED: 'This license has been revoked. Contact the seller\'s support',
  EXPIRED: 'This license has expired',
  PRODUCT_SCOPE_MISMATCH: 'The license is for another plugin',
  NO_MACHINE: 'The license has no activated machine',
  TOO_MANY_MACHINES: 'The license has reached its machine limit',
  FINGERPRINT_SCOPE_MISMATCH: 'This machine is not activated for the license',
  QUOTA_EXCEEDED: 'A usage quota of this license is spent for the period',
};

/** The public sentence for a license suspended because its subscription's renewal payment failed: the key holder can fix that. */
const PAYMENT_SUSPENSION_DETAIL = 'This license is suspended: the subscription\'s renewal payment failed. Update your payment method or contact the seller\'s support';

const publicLicense = (row: LicenseRow) => ({
  id: row.id, pluginId: row.pluginId, status: row.status, entitlements: row.entitlements, expiresAt: row.expiresAt?.toISOString() ?? null, maxMachines: row.machineLimit, machines: row.machines,
  tier: row.tierKey ? { key: row.tierKey, name: row.tierName ?? row.tierKey } : null, trialEndsAt: row.trialEndsAt?.toISOString() ?? null,
});

type PublicActivation = NonNullable<LicenseApiResponse['activation']>;

function answer(code: LicenseResultCode, row: LicenseRow | null, detail = DETAIL[code], extra: { httpStatus?: 201; activationId?: string | null; activation?: PublicActivation } = {}): LicenseDecision {
  const body: LicenseDecision['body'] = { valid: code === 'VALID', code, detail, license: row ? publicLicense(row) : null };
  if (extra.activation) body.activation = extra.activation;
  return { body, httpStatus: extra.httpStatus ?? 200, licenseId: row?.id ?? null, activationId: extra.activationId ?? null };
}

type Db = PrismaClient | Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** A query runner over Prisma (the client, or a transaction's), for the statements of license-reads.ts and usage. */
const runOn = (db: Db): RunLicenseQuery => (sql, params) => db.$queryRawUnsafe(sql, ...params);

/**
 * Locks the license row (FOR UPDATE), then reads it. Two statements on purpose: under READ
 * COMMITTED a statement sees the snapshot taken when it started, so counting activations in the
 * locking statement itself would count what was there before the lock was granted.
 */
async function lockAndReadLicense(tx: Db, keyId: string, fingerprint: string): Promise<LicenseRow> {
  await tx.$executeRaw`SELECT 1 FROM "License" WHERE "keyId" = ${keyId} FOR UPDATE`;
  return (await readLicenseRows<LicenseRow>(runOn(tx), RENEWAL_SUSPENSION_PREFIX, [{ keyId, fingerprint }]))[0]!;
}

/**
 * Batched license reads over `query` for a LicenseApiDeps (license-reads.ts): one per process's
 * license routes, so that concurrent calls share round trips.
 */
export function licenseReadsOver(query: RunLicenseQuery): LicenseReads<LicenseRow> {
  return new LicenseReads<LicenseRow>(query, RENEWAL_SUSPENSION_PREFIX);
}

/** The read outside a transaction: batched (`deps.reads`), else one statement through `deps.query` or Prisma. */
async function readLicenseNow(deps: LicenseApiDeps, keyId: string, fingerprint: string | null): Promise<LicenseRow | null> {
  if (deps.reads) return deps.reads.read(keyId, fingerprint);
  return (await readLicenseRows<LicenseRow>(deps.query ?? runOn(deps.prisma), RENEWAL_SUSPENSION_PREFIX, [{ keyId, fingerprint }]))[0]!;
}

type Resolved = { row: LicenseRow; keyId: string } | { decision: LicenseDecision };

/**
 * Verifies `key` (or finds it verified, deps.verifiedKeys) and reads its license; a rejection is
 * returned as the decision to send. A key taken from the cache whose signing keys changed since
 * (the read's keysVersion) is verified again before anything is answered about it.
 */
async function resolveLicense(deps: LicenseApiDeps, key: string, fingerprint: string | null, now: Date): Promise<Resolved> {
  const cache = deps.verifiedKeys;
  const versionBefore = cache?.keysVersion ?? null;
  const kept = cache?.lookup(key, now);
  const verified = kept ? { ok: true as const, ...kept } : await verifyLicenseToken(key, deps.keyring, deps.issuer, now);
  if (!verified.ok) {
    const row = verified.code === 'EXPIRED' && verified.claims?.jti ? await readLicenseNow(deps, verified.claims.jti, fingerprint) : null;
    const own = row && row.id === verified.claims?.sub ? row : null;
    return { decision: answer(verified.code, own, own && verified.code === 'EXPIRED' && trialEndedDetail(own) ? trialEndedDetail(own)! : verified.detail) };
  }
  const row = await readLicenseNow(deps, verified.claims.jti, fingerprint);
  if (cache && row) {
    if (cache.observeKeysVersion(row.keysVersion)) {
      // The signing keys changed (a rotation, a key removed — by any process): forget the public keys too, and verify again.
      deps.keyring.forgetPublicKeys();
      if (kept) return resolveLicense(deps, key, fingerprint, now);
    } else if (!kept) cache.remember(key, { claims: verified.claims, kid: verified.kid }, versionBefore);
  }
  // The row must be the one the key names: a key is never matched to another license.
  if (!row || row.id !== verified.claims.sub || row.pluginId !== verified.claims.aud) return { decision: answer('NOT_FOUND', null) };
  return { row, keyId: verified.claims.jti };
}

/** The status problem of a license, if any, in Keygen's order: revoked/suspended before expiry. */
function statusProblem(row: LicenseRow, now: Date): LicenseResultCode | null {
  if (row.status === 'REVOKED') return 'REVOKED';
  if (row.status === 'SUSPENDED') return 'SUSPENDED';
  if (row.status === 'EXPIRED' || (row.expiresAt && row.expiresAt <= now)) return 'EXPIRED';
  return null;
}

/**
 * The detail a key holder reads for a status problem: one public sentence per status, with the
 * expiry date (UTC, YYYY-MM-DD) when there is one, and for a suspension Marketdesk made because
 * a subscription's renewal payment failed, that (the key holder can fix it). Support's reason
 * (License.statusReason, e.g. "Chargeback investigation, ticket #4712") is internal: the public
 * path reads only whether it is the renewal suspension's prefix, never its text.
 */
function publicStatusDetail(code: LicenseResultCode, row: LicenseRow): string {
  if (code === 'SUSPENDED' && row.isPaymentSuspension) return PAYMENT_SUSPENSION_DETAIL;
  if (code === 'EXPIRED' && trialEndedDetail(row)) return trialEndedDetail(row)!;
  if (code === 'EXPIRED' && row.expiresAt) return `This license expired on ${row.expiresAt.toISOString().slice(0, 10)}`;
  return DETAIL[code];
}

/**
 * The sentence for a trial license that expired unpaid (its expiry is the trial's end, not a
 * converted subscription's period): "The 14-day trial of <plugin> <tier> ended on YYYY-MM-DD
 * (UTC); buy the plugin to keep using it". Days from the Trial (its end minus start, support's
 * extensions included), else the tier's trialDays. Null for any other license.
 */
function trialEndedDetail(row: LicenseRow): string | null {
  if (!row.trialEndsAt || (row.expiresAt && row.expiresAt.getTime() > row.trialEndsAt.getTime())) return null;
  const days = row.trialDays ? `${row.trialDays}-day ` : '';
  const what = [row.pluginName ?? 'the plugin', row.tierName].filter(Boolean).join(' ');
  return `The ${days}trial of ${what} ended on ${row.trialEndsAt.toISOString().slice(0, 10)}; buy the plugin to keep using it`;
}

/**
 * `POST /v1/licenses/validate` with `{ key, pluginId?, fingerprint? }`, at `deps.clock`'s now:
 * VALID, or the first problem among NOT_FOUND, REVOKED, SUSPENDED, EXPIRED,
 * PRODUCT_SCOPE_MISMATCH (`pluginId` given and not the key's `aud`), and with a `fingerprint`:
 * NO_MACHINE (none activated) or FINGERPRINT_SCOPE_MISMATCH (not this one); last, for a license
 * whose tier has quotas (one more query, withQuotas), QUOTA_EXCEEDED when a hard quota is spent.
 * Never throws for bad input (the route validated the body's shape); database errors only.
 */
export async function validateLicense(deps: LicenseApiDeps, input: LicenseValidateRequest): Promise<LicenseDecision> {
  const now = deps.clock.now();
  const resolved = await resolveLicense(deps, input.key, input.fingerprint ?? null, now);
  if ('decision' in resolved) return resolved.decision;
  const { row } = resolved;
  const problem = statusProblem(row, now);
  if (problem) return answer(problem, row, publicStatusDetail(problem, row));
  if (input.pluginId !== undefined && input.pluginId !== row.pluginId) return answer('PRODUCT_SCOPE_MISMATCH', row);
  if (input.fingerprint !== undefined) {
    if (row.machines === 0) return answer('NO_MACHINE', row);
    if (!row.activationId) return answer('FINGERPRINT_SCOPE_MISMATCH', row);
  }
  const valid = answer('VALID', row, DETAIL.VALID, { activationId: row.activationId });
  return row.hasQuotas ? withQuotas(deps, valid, now) : valid;
}

/**
 * A VALID answer about a license whose tier has quotas, with its quotas this period, credits and
 * currency (one query, readQuotaState); QUOTA_EXCEEDED (valid false) when a hard quota is spent —
 * nothing included left and the credits cannot pay one more unit — naming the metric and when the
 * period resets.
 */
async function withQuotas(deps: LicenseApiDeps, decision: LicenseDecision, now: Date): Promise<LicenseDecision> {
  const run: RunQuery = deps.query ?? runOn(deps.prisma);
  const state = decision.licenseId ? await readQuotaState(run, decision.licenseId, now) : null;
  if (!state || !decision.body.license) return decision;
  const license = { ...decision.body.license, quotas: toPublicQuotas(state), creditBalance: state.creditBalance, currency: state.currency };
  const spent = spentQuotaOf(state);
  if (!spent) return { ...decision, body: { ...decision.body, license } };
  return { ...decision, body: { ...decision.body, valid: false, code: 'QUOTA_EXCEEDED', detail: quotaExceededDetail(spent, state.period), license } };
}

/**
 * For the usage report (modules/usage): verifies `key` and reads its license like validate, at
 * `deps.clock`'s now. A key problem or a license that is not usable (REVOKED, SUSPENDED, EXPIRED)
 * comes back as `{ decision }` to send as it is; a usable one as its id and the VALID answer
 * about it, which the report completes.
 */
export async function resolveUsableLicense(deps: LicenseApiDeps, key: string): Promise<{ decision: LicenseDecision } | { licenseId: string; decision: LicenseDecision }> {
  const now = deps.clock.now();
  const resolved = await resolveLicense(deps, key, null, now);
  if ('decision' in resolved) return resolved;
  const problem = statusProblem(resolved.row, now);
  if (problem) return { decision: answer(problem, resolved.row, publicStatusDetail(problem, resolved.row)) };
  return { licenseId: resolved.row.id, decision: answer('VALID', resolved.row) };
}

const activationSelect = { id: true, fingerprint: true, name: true, createdAt: true, lastSeenAt: true } as const;
const publicActivation = (a: { id: string; fingerprint: string; name: string | null; createdAt: Date; lastSeenAt: Date }) => ({
  id: a.id, fingerprint: a.fingerprint, name: a.name, createdAt: a.createdAt.toISOString(), lastSeenAt: a.lastSeenAt.toISOString(),
});

/**
 * `POST /v1/licenses/activate` with `{ key, fingerprint, name?, pluginId? }`: activates machine
 * `fingerprint` at `deps.clock`'s now (`createdAt`, `lastSeenAt`). Idempotent: an active
 * activation of the same fingerprint is returned as it is (200); a new one is 201. The machine
 * limit is enforced under a row lock on the license (SELECT … FOR UPDATE), so simultaneous
 * activations on any number of API processes never exceed it; over it → TOO_MANY_MACHINES with
 * the current count in `license.machines` and the detail. Problems are answers, never thrown;
 * database errors only.
 */
export async function activateLicense(deps: LicenseApiDeps, input: LicenseActivateRequest): Promise<LicenseDecision> {
  const now = deps.clock.now();
  const resolved = await resolveLicense(deps, input.key, input.fingerprint, now);
  if ('decision' in resolved) return resolved.decision;
  if (input.pluginId !== undefined && input.pluginId !== resolved.row.pluginId) return answer('PRODUCT_SCOPE_MISMATCH', resolved.row);
  return deps.prisma.$transaction(async (tx) => {
    const row = await lockAndReadLicense(tx, resolved.keyId, input.fingerprint);
    const problem = statusProblem(row, now);
    if (problem) return answer(problem, row, publicStatusDetail(problem, row));
    if (row.activationId) {
      const existing = await tx.activation.update({ where: { id: row.activationId }, data: { lastSeenAt: now, ...(input.name ? { name: input.name } : {}) }, select: activationSelect });
      return answer('VALID', row, 'This machine was already activated', { activationId: existing.id, activation: publicActivation(existing) });
    }
    if (row.machines >= row.machineLimit) {
      return answer('TOO_MANY_MACHINES', row, `The license has reached its machine limit: ${row.machines} of ${row.machineLimit} machines are activated`);
    }
    // A fingerprint deactivated earlier comes back on its old row (the pair is unique).
    const activation = await tx.activation.upsert({
      where: { licenseId_fingerprint: { licenseId: row.id, fingerprint: input.fingerprint } },
      create: { licenseId: row.id, fingerprint: input.fingerprint, name: input.name ?? null, createdAt: now, lastSeenAt: now },
      update: { deactivatedAt: null, createdAt: now, lastSeenAt: now, name: input.name ?? null },
      select: activationSelect,
    });
    const activated = { ...row, machines: row.machines + 1 };
    return answer('VALID', activated, 'The machine is activated', { httpStatus: 201, activationId: activation.id, activation: publicActivation(activation) });
  }, { timeout: 15_000, maxWait: 15_000 });
}

/**
 * `POST /v1/licenses/deactivate` with `{ key, fingerprint }`: frees the slot of machine
 * `fingerprint` (the row stays, with `deactivatedAt` = `deps.clock`'s now). Works on a suspended
 * or revoked license too — it only gives a slot back. NO_MACHINE when the license has none
 * activated, FINGERPRINT_SCOPE_MISMATCH when not this one. Database errors only.
 */
export async function deactivateLicense(deps: LicenseApiDeps, input: LicenseDeactivateRequest): Promise<LicenseDecision> {
  const now = deps.clock.now();
  const resolved = await resolveLicense(deps, input.key, input.fingerprint, now);
  if ('decision' in resolved) return resolved.decision;
  return deps.prisma.$transaction(async (tx) => {
    const row = await lockAndReadLicense(tx, resolved.keyId, input.fingerprint);
    if (!row.activationId) return answer(row.machines === 0 ? 'NO_MACHINE' : 'FINGERPRINT_SCOPE_MISMATCH', row);
    const released = await tx.activation.update({ where: { id: row.activationId }, data: { deactivatedAt: now, lastSeenAt: now }, select: activationSelect });
    const after = { ...row, machines: row.machines - 1 };
    const problem = statusProblem(after, now);
    const detail = problem ? `The machine is deactivated. ${publicStatusDetail(problem, after)}` : 'The machine is deactivated';
    return answer(problem ?? 'VALID', after, detail, { activation: publicActivation(released) });
  }, { timeout: 15_000, maxWait: 15_000 });
}
