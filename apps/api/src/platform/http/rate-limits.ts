/**
 * Rate limits every API process shares. With `REDIS_URL` the counters live in Redis
 * (@fastify/rate-limit's Redis store: one atomic INCR + PEXPIRE script per request), so N
 * processes allow the limit once, not N times; without it they live in this process's memory
 * (the embedded default, one process).
 *
 * Redis unreachable at start → the start fails (the operator asked for shared limits; running
 * with per-process ones would multiply them silently). Redis failing later → each limit falls
 * back to this process's own counter (FixedWindowLimiter) and an error is logged at most once a
 * minute: limits stay on (per process) and the public APIs stay up.
 */
import fastifyRateLimit, { normalizeIP, type CreateRateLimitOptions } from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { FixedWindowLimiter } from './fixed-window-limiter.ts';

/** Rate-limit windows are one minute long, ms. */
export const RATE_LIMIT_WINDOW_MS = 60_000;
/** Keys each in-memory limit keeps (least recently used dropped first). */
const LOCAL_KEYS = 100_000;
/** How often a Redis failure is logged while it lasts, ms. */
const REDIS_WARNING_INTERVAL_MS = 60_000;

export interface SharedRateLimit {
  /**
   * Counts one request under `key` (a client IP, a license) in the shared store.
   * @returns 0 when it is allowed, else the seconds until its window resets (for Retry-After, ≥ 1).
   */
  take(req: FastifyRequest, key: string): Promise<number>;
}

/**
 * Registers @fastify/rate-limit (no global limit: each limit is created by the routes that need
 * it, createSharedRateLimit) on Redis when `config.redisUrl` is set, and closes Redis with the server.
 * @throws Error naming REDIS_URL when Redis does not answer at start.
 */
export async function registerRateLimitStore(server: FastifyInstance, config: Pick<Config, 'redisUrl' | 'redisKeyPrefix'>, log: Logger): Promise<void> {
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, log) : undefined;
  await server.register(fastifyRateLimit, { global: false, redis, nameSpace: `${config.redisKeyPrefix}rate-limit:` });
  if (redis) server.addHook('onClose', async () => { await redis.quit().catch(() => redis.disconnect()); });
}

/** A limit of `max` requests per key per minute, named `name` (its keys' prefix). Call after registerRateLimitStore. */
export function createSharedRateLimit(server: FastifyInstance, options: { name: string; max: number }, log: Logger): SharedRateLimit {
  const keys = new WeakMap<FastifyRequest, string>();
  const limitOptions = {
    max: options.max,
    timeWindow: RATE_LIMIT_WINDOW_MS,
    keyGenerator: (req: FastifyRequest) => `${options.name}:${keys.get(req)}`,
    // Reaches the in-memory store (@fastify/rate-limit merges it into the store's options); its type omits it.
    cache: LOCAL_KEYS,
  } satisfies CreateRateLimitOptions & { cache: number };
  const check = server.createRateLimit(limitOptions);
  const fallback = new FixedWindowLimiter(options.max, RATE_LIMIT_WINDOW_MS);
  let lastWarningAt = 0;
  return {
    async take(req, key) {
      keys.set(req, key);
      try {
        const result = await check(req);
        return result.isAllowed || !result.isExceeded ? 0 : Math.max(1, result.ttlInSeconds);
      } catch (error) {
        if (Date.now() - lastWarningAt > REDIS_WARNING_INTERVAL_MS) {
          lastWarningAt = Date.now();
          log.error({ err: error, limit: options.name }, 'shared rate-limit store failed: counting in this process until it answers again');
        }
        return fallback.take(`${options.name}:${key}`);
      } finally {
        keys.delete(req);
      }
    },
  };
}

/** The rate-limit key of a request's client: its IP (X-Forwarded-For only with TRUST_PROXY), IPv6 by /64 (one subscriber's block). */
export function clientKeyOf(req: FastifyRequest): string {
  return normalizeIP(req.ip);
}

async function connectRedis(url: string, log: Logger): Promise<Redis> {
  // No offline queue and one retry: while Redis is away a limit answers at once (from the fallback) instead of holding the request.
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 2000, commandTimeout: 1000, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  let lastErrorAt = 0;
  redis.on('error', (error: Error) => {
    if (Date.now() - lastErrorAt < REDIS_WARNING_INTERVAL_MS) return;
    lastErrorAt = Date.now();
    log.warn({ err: error }, 'Redis (REDIS_URL) connection error; reconnecting');
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(`REDIS_URL: Redis at ${redactedUrl(url)} does not answer (${(error as Error).message}); start it, or unset REDIS_URL to keep rate limits in this process`);
  }
  return redis;
}

function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
