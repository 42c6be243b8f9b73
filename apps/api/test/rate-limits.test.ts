/**
 * Rate limits shared by every API process through Redis (REDIS_URL): two app instances — each with
 * its own memory, as two processes have — on one database and one Redis allow a limit once, not
 * twice. Needs Redis at redis://127.0.0.1:6379 (`.ci/run` starts it); each run writes under its own
 * key prefix. A Redis of the test's own (redis-server on a free port) is stopped under a running
 * API. The in-process default (no REDIS_URL) is covered by licenses/license-api.test.ts.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { connectTestRedis, openTestDatabase, startTestServer, testConfig, type TestDatabase, type TestServer } from './harness.ts';
import { callLicenseApi, createLicense, createPlugin } from './licenses/helpers.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `md-test:${randomUUID()}:`;
const limits = { licenseRateLimitPerLicense: 5, licenseRateLimitPerIp: 12, purchaseRateLimitPerIp: 2 };

let redis: Redis;
let db: TestDatabase;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  redis = await connectTestRedis(REDIS_URL);
  db = await openTestDatabase({ isMigrated: false });
  // Both instances use the one database; it is closed once, after both.
  const shared: TestDatabase = { ...db, close: async () => {} };
  a = await startTestServer({ db: shared, config: { ...limits, redisUrl: REDIS_URL, redisKeyPrefix: prefix } });
  b = await startTestServer({ db: shared, config: { ...limits, redisUrl: REDIS_URL, redisKeyPrefix: prefix } });
}, 120_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await db?.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe('rate limits shared through Redis', () => {
  it('per license, then per client IP, across two instances: 429 with Retry-After once the limit is spent on both together', async () => {
    const plugin = await createPlugin(db.prisma);
    const { key } = await createLicense(a.app.deps, { pluginId: plugin.id });
    const statuses = [];
    for (const server of [a, a, a, b, b]) statuses.push((await callLicenseApi(server.url, 'validate', { key })).status);
    const limited = await callLicenseApi(b.url, 'validate', { key });
    expect([...statuses, limited.status]).toEqual([200, 200, 200, 200, 200, 429]);
    expect(limited.body).toMatchObject({ code: 'RATE_LIMITED', error: expect.stringMatching(/license/) });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await callLicenseApi(a.url, 'validate', { key })).status).toBe(429);

    // 7 requests from this client so far; 5 more with other licenses reach the per-IP limit of 12.
    const others = await Promise.all([1, 2, 3].map(() => createLicense(a.app.deps, { pluginId: plugin.id })));
    const more = [];
    for (const [i, server] of [a, b, a, b, a].entries()) more.push((await callLicenseApi(server.url, 'validate', { key: others[i % 3]!.key })).status);
    expect(more).toEqual([200, 200, 200, 200, 200]);
    const overIp = await callLicenseApi(b.url, 'validate', { key: others[2]!.key });
    expect(overIp.status).toBe(429);
    expect(overIp.body).toMatchObject({ code: 'RATE_LIMITED', error: expect.stringMatching(/client IP/) });
    expect((await callLicenseApi(a.url, 'activate', { key: others[0]!.key, fingerprint: 'machine-1' })).status).toBe(429);
  });

  it('POST /v1/purchases per client IP across two instances, before the body is read', async () => {
    const post = (server: TestServer) => fetch(`${server.url}/v1/purchases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect((await post(a)).status).toBe(400);
    expect((await post(b)).status).toBe(400);
    const limited = await post(a);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({ code: 'RATE_LIMITED', field: null });
  });

  it('counts under its own key prefix (REDIS_KEY_PREFIX)', async () => {
    expect((await redis.keys(`${prefix}rate-limit:*`)).length).toBeGreaterThan(0);
  });
});

describe('Redis that stops answering while the API runs', () => {
  it('each process counts on its own: limits stay on, no 5xx', async () => {
    const port = await findFreePort();
    const own = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const other = await openTestDatabase({ isMigrated: false });
    let server: TestServer | undefined;
    try {
      await waitForRedis(port);
      server = await startTestServer({ db: other, config: { licenseRateLimitPerLicense: 3, licenseRateLimitPerIp: 1000, redisUrl: `redis://127.0.0.1:${port}` } });
      const plugin = await createPlugin(other.prisma);
      const { key } = await createLicense(server.app.deps, { pluginId: plugin.id });
      expect((await callLicenseApi(server.url, 'validate', { key })).status).toBe(200);
      own.kill('SIGKILL');
      await once(own, 'exit');
      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await callLicenseApi(server.url, 'validate', { key })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      own.kill('SIGKILL');
      await (server ? server.close() : other.close());
    }
  }, 120_000);
});

async function findFreePort(): Promise<number> {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function waitForRedis(port: number): Promise<void> {
  const client = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0 });
  client.on('error', () => {});
  for (let i = 0; i < 50; i += 1) {
    try {
      await client.connect();
      client.disconnect();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`redis-server on port ${port} did not start (is redis-server installed? .ci/run installs it)`);
}

describe('REDIS_URL that does not answer', () => {
  it('fails the start, naming REDIS_URL', async () => {
    const other = await openTestDatabase({ isMigrated: false });
    try {
      await expect(createApp({ config: testConfig({ redisUrl: 'redis://127.0.0.1:1' }), db: other })).rejects.toThrow(/REDIS_URL: Redis at redis:\/\/127\.0\.0\.1:1 does not answer/);
    } finally {
      await other.close();
    }
  });
});
