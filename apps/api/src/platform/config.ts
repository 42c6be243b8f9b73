/**
 * Every environment variable Marketdesk reads, with its default (the README lists the same).
 * Read once at start; nothing else touches process.env.
 */
import path from 'node:path';

export interface Config {
  /** PostgreSQL connection string; unset → embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  /** Folder for the embedded database and generated secrets. */
  dataDir: string;
  host: string;
  port: number;
  logLevel: string;
  /** Secret for signing session JWTs (HS256); unset → generated once and kept in `dataDir`. */
  sessionSecret: string | undefined;
  /** Session lifetime in seconds (12 h). */
  sessionTtlSeconds: number;
  stripeSecretKey: string | undefined;
  /** Signing secret of the Stripe webhook endpoint (whsec_…); with the emulator, it keeps its own. */
  stripeWebhookSecret: string | undefined;
  /** Signing secret of the Stripe Connect webhook endpoint (connected accounts' events; whsec_…); with the emulator, it keeps its own. */
  stripeConnectWebhookSecret: string | undefined;
  /** An emulator another process runs (e.g. http://127.0.0.1:12111), shared instead of starting one. */
  stripeEmulatorUrl: string | undefined;
  /** Folder holding the built console (served at /). */
  consoleDir: string;
  /** Whether the session cookie is marked Secure (set when served over HTTPS). */
  isCookieSecure: boolean;
  /** Trust X-Forwarded-* from a reverse proxy (client IP in logs and audit rows). */
  isBehindProxy: boolean;
  /** The plugin catalog the seed imports; undefined → prisma/seed/data/npm-plugins.tsv. */
  catalogPath: string | undefined;
  /** Run background workers (quality scans, Stripe webhook inbox) in this process. */
  isRunningWorkers: boolean;
  /**
   * Webhook inbox batching: at most `store` deliveries stored per INSERT (`STRIPE_EVENT_STORE_BATCH`,
   * default 200; 1 → one insert per delivery) and `claim` events claimed per worker round
   * (`STRIPE_EVENT_CLAIM_BATCH`, default 200). modules/payments/stripe-events.ts.
   */
  stripeEventBatch: { store: number; claim: number };
  /**
   * Bearer token `GET /metrics` requires (`METRICS_TOKEN`): `Authorization: Bearer <token>`;
   * unset → /metrics answers only requests from loopback that came through no proxy.
   */
  metricsToken: string | undefined;
  /**
   * Where Stripe Checkout sends a buyer after paying, unless the purchase request names one
   * (`CHECKOUT_SUCCESS_URL`; default `<PUBLIC_URL>/checkout/success?session_id={CHECKOUT_SESSION_ID}`).
   */
  checkoutSuccessUrl: string;
  /** Checkout's back link (`CHECKOUT_CANCEL_URL`; default `<PUBLIC_URL>/checkout/canceled`). */
  checkoutCancelUrl: string;
  /** The platform's application fee on each sale, in percent of the price (`PLATFORM_FEE_PERCENT`, default 10). */
  platformFeePercent: number;
  /**
   * 32-byte AES-256-GCM key that encrypts the license signing keys' private halves in the
   * database (`LICENSE_KEY_ENCRYPTION_KEY`, base64/base64url or 64 hex digits); unset → generated
   * once and kept in `<dataDir>/license-key-encryption-key`.
   */
  licenseKeyEncryptionKey: string | undefined;
  /** The `iss` of license keys (`LICENSE_ISSUER`, default "marketdesk"); verification pins it. */
  licenseIssuer: string;
  /** Public license API requests allowed per client IP per minute (`LICENSE_RATE_LIMIT_PER_IP`, default 600). */
  licenseRateLimitPerIp: number;
  /** Public license API requests allowed per license key per minute (`LICENSE_RATE_LIMIT_PER_LICENSE`, default 60). */
  licenseRateLimitPerLicense: number;
  /**
   * License keys each process keeps verified (`LICENSE_VERIFIED_KEY_CACHE_SIZE`, default 50,000;
   * 0 → every call verifies the key's signature). modules/licenses/verified-key-cache.ts.
   */
  licenseVerifiedKeyCacheSize: number;
  /**
   * `POST /v1/purchases` requests allowed per client IP per minute (`PURCHASE_RATE_LIMIT_PER_IP`);
   * unset → not limited (the seed and a storefront's backend make every purchase from one address).
   */
  purchaseRateLimitPerIp: number | undefined;
  /**
   * Redis holding the rate-limit counters every API process shares (`REDIS_URL`, e.g.
   * redis://127.0.0.1:6379); unset → each process counts in its own memory. Unreachable at start → the start fails.
   */
  redisUrl: string | undefined;
  /** Prefix of every Redis key Marketdesk writes (`REDIS_KEY_PREFIX`, default "marketdesk:"), for a Redis shared with others. */
  redisKeyPrefix: string;
  /**
   * How long a claim on background work lasts before another process may take the work over, in
   * seconds — what a process that died (kill -9, power loss) leaves behind waits this long:
   * a webhook event being processed (`STRIPE_EVENT_LEASE_SECONDS`, default 120), a quality scan
   * (`SCAN_LEASE_SECONDS`, default 150: the scan timeout plus 30 s) and a subscription's renewal
   * (`RENEWAL_LEASE_SECONDS`, default 600). Shorter than the work itself, two processes would do it
   * at once (each step is idempotent, but it is wasted); tests shorten them to see a takeover.
   * Also how long a refund Stripe did not confirm (down, timed out) waits before the resend job sends
   * it again, and again after each unanswered try (`REFUND_RESEND_SECONDS`, default 30).
   */
  leaseSeconds: { stripeEvent: number; scan: number; renewal: number; refundResend: number };
  /** How often the renewal worker looks for due subscriptions, in seconds (`RENEWAL_INTERVAL_SECONDS`, default 60). */
  renewalIntervalSeconds: number;
  /**
   * How long a process given SIGTERM/SIGINT may take to close, in seconds (`SHUTDOWN_TIMEOUT_SECONDS`,
   * default 25: inside the 30 s an orchestrator such as Kubernetes waits before SIGKILL). Past it
   * the process exits 1 and what it still held waits for its lease, as after a kill.
   */
  shutdownTimeoutSeconds: number;
}

const repoRoot = path.resolve(import.meta.dirname, '../../../..');

/** Builds the config from `env` (defaults to process.env). @throws Error naming the variable when a value is malformed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const platformFeePercent = Number(env.PLATFORM_FEE_PERCENT ?? 10);
  if (!Number.isFinite(platformFeePercent) || platformFeePercent < 0 || platformFeePercent > 100) {
    throw new Error(`PLATFORM_FEE_PERCENT must be a percentage between 0 and 100, got "${env.PLATFORM_FEE_PERCENT}"`);
  }
  const perMinute = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of requests per minute, got "${env[name]}"`);
    return value;
  };
  const wholeNumber = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${env[name]}"`);
    return value;
  };
  const batchSize = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1 || value > 1000) throw new Error(`${name} must be a whole number from 1 to 1000, got "${env[name]}"`);
    return value;
  };
  const seconds = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of seconds, got "${env[name]}"`);
    return value;
  };
  const publicUrl = (env.PUBLIC_URL || `http://${env.HOST ?? '127.0.0.1'}:${port}`).replace(/\/+$/, '');
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.MARKETDESK_DATA_DIR ?? path.join(repoRoot, '.data')),
    host: env.HOST ?? '127.0.0.1',
    port,
    logLevel: env.LOG_LEVEL ?? 'info',
    sessionSecret: env.SESSION_SECRET || undefined,
    sessionTtlSeconds: 12 * 60 * 60,
    stripeSecretKey: env.STRIPE_SECRET_KEY || undefined,
    stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET || undefined,
    stripeConnectWebhookSecret: env.STRIPE_CONNECT_WEBHOOK_SECRET || undefined,
    stripeEmulatorUrl: env.STRIPE_EMULATOR_URL || undefined,
    consoleDir: path.resolve(env.CONSOLE_DIR ?? path.join(repoRoot, 'apps/console/dist')),
    isCookieSecure: env.COOKIE_SECURE === 'true' || (env.PUBLIC_URL ?? '').startsWith('https://'),
    isBehindProxy: env.TRUST_PROXY === 'true',
    catalogPath: env.MARKETDESK_CATALOG || undefined,
    isRunningWorkers: env.RUN_WORKERS !== 'false',
    stripeEventBatch: { store: batchSize('STRIPE_EVENT_STORE_BATCH', 200), claim: batchSize('STRIPE_EVENT_CLAIM_BATCH', 200) },
    metricsToken: env.METRICS_TOKEN || undefined,
    checkoutSuccessUrl: env.CHECKOUT_SUCCESS_URL || `${publicUrl}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
    checkoutCancelUrl: env.CHECKOUT_CANCEL_URL || `${publicUrl}/checkout/canceled`,
    platformFeePercent,
    licenseKeyEncryptionKey: env.LICENSE_KEY_ENCRYPTION_KEY || undefined,
    licenseIssuer: env.LICENSE_ISSUER || 'marketdesk',
    licenseRateLimitPerIp: perMinute('LICENSE_RATE_LIMIT_PER_IP', 600),
    licenseRateLimitPerLicense: perMinute('LICENSE_RATE_LIMIT_PER_LICENSE', 60),
    licenseVerifiedKeyCacheSize: wholeNumber('LICENSE_VERIFIED_KEY_CACHE_SIZE', 50_000),
    purchaseRateLimitPerIp: env.PURCHASE_RATE_LIMIT_PER_IP ? perMinute('PURCHASE_RATE_LIMIT_PER_IP', 0) : undefined,
    redisUrl: env.REDIS_URL || undefined,
    redisKeyPrefix: env.REDIS_KEY_PREFIX ?? 'marketdesk:',
    leaseSeconds: { stripeEvent: seconds('STRIPE_EVENT_LEASE_SECONDS', 120), scan: seconds('SCAN_LEASE_SECONDS', 150), renewal: seconds('RENEWAL_LEASE_SECONDS', 600), refundResend: seconds('REFUND_RESEND_SECONDS', 30) },
    renewalIntervalSeconds: seconds('RENEWAL_INTERVAL_SECONDS', 60),
    shutdownTimeoutSeconds: seconds('SHUTDOWN_TIMEOUT_SECONDS', 25),
  };
}

export const REPO_ROOT = repoRoot;
