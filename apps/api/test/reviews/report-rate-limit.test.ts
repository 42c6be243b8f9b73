/**
 * `POST /v1/reviews/report`'s per-IP limit is shared by every API process through Redis
 * (REDIS_URL), as the license API's: two app instances on one database and one Redis allow the
 * limit once, not twice. Needs Redis at redis://127.0.0.1:6379 (`.ci/run` starts it); the run
 * writes under its own key prefix.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectTestRedis, openTestDatabase, startTestServer, type TestDatabase, type TestServer } from '../harness.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `md-test:${randomUUID()}:`;

let redis: Redis;
let db: TestDatabase;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  redis = await connectTestRedis(REDIS_URL);
  db = await openTestDatabase({ isMigrated: false });
  const shared: TestDatabase = { ...db, close: async () => {} };
  const config = { licenseRateLimitPerIp: 3, redisUrl: REDIS_URL, redisKeyPrefix: prefix };
  a = await startTestServer({ db: shared, config });
  b = await startTestServer({ db: shared, config });
}, 120_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await db?.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

it('limits a client IP across two instances: the 4th report request of 3 allowed is 429 with Retry-After', async () => {
  const post = (server: TestServer) => fetch(`${server.url}/v1/reviews/report`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: 'not-a-key', reviewId: 'r1', reason: 'SPAM' }) });
  const statuses = [];
  for (const server of [a, b, a]) statuses.push((await post(server)).status);
  expect(statuses).toEqual([404, 404, 404]);
  const limited = await post(b);
  expect(limited.status).toBe(429);
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(await limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
  expect((await redis.keys(`${prefix}rate-limit:*review-report-ip*`)).length).toBeGreaterThan(0);
});
