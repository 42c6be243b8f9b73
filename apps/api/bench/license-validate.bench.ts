/**
 * The public license API under load on loopback, PostgreSQL server: `POST /v1/licenses/validate`
 * over 10,000 valid licenses (each request a different key), against `GET /healthz` of the same
 * server (a bare route answering fixed JSON) in the same run. autocannon runs in a child process
 * so it does not share the server's event loop. Target: validate ≥ 0.5× the bare route's req/s
 * for keys the process has seen (plugin clients validate the same key again and again).
 * Beside it, in the same run: the first sight of each key (every request verifies a signature),
 * a second server on the same database with the verified-key cache off (the baseline), what one
 * validation costs part by part (sequential, µs: cache lookup, full key verification, the license
 * read, the response signature), and the raw Ed25519 and jose verification floor.
 */
import { loadavg } from 'node:os';
import { randomBytes, randomUUID, sign, verify, generateKeyPairSync } from 'node:crypto';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { jwtVerify, importJWK, exportJWK, SignJWT } from 'jose';
import { keyringFor, signLicenseToken, signResponseBody, validateLicense, verifyLicenseToken, VerifiedKeyCache, type LicenseApiDeps } from '../src/modules/licenses/index.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { openTestDatabase, startTestServer, tempDir } from '../test/harness.ts';
import { ms, type BenchRow } from './measure.ts';

const LICENSES = 10_000;
const CONNECTIONS = 32;
const DURATION_S = 8;

interface Load { rps: number; total: number; p50: number; p99: number; non2xx: number; errors: number; timeouts: number }

/** autocannon for DURATION_S, or for exactly `amount` requests. */
function load(url: string, method: 'GET' | 'POST', bodies?: string[], amount?: number): Promise<Load> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./load-worker.mjs', import.meta.url)), [], { execArgv: [] });
    child.once('message', (result) => resolve(result as Load));
    child.once('error', reject);
    child.once('exit', (code) => code === 0 || reject(new Error(`load generator exited with ${code}`)));
    child.send({ url, method, bodies, connections: CONNECTIONS, duration: DURATION_S, amount });
  });
}

/** Median microseconds per call of `fn` over `runs` calls (after a warm-up). */
async function microseconds(fn: () => unknown, runs = 20_000): Promise<number> {
  for (let i = 0; i < 1000; i += 1) await fn();
  const started = performance.now();
  for (let i = 0; i < runs; i += 1) await fn();
  return ((performance.now() - started) * 1000) / runs;
}

export async function benchLicenseValidate(): Promise<BenchRow[]> {
  const db = await openTestDatabase({ target: 'postgres', isMigrated: false });
  // One encryption key for both servers (it encrypts the signing keys they share in the database).
  const config = { licenseRateLimitPerIp: 1_000_000_000, licenseRateLimitPerLicense: 1_000_000, licenseKeyEncryptionKey: randomBytes(32).toString('base64url') };
  const ts = await startTestServer({ db, config });
  // The baseline: a second server on the same database (its own pool), with the verified-key cache off.
  const uncached = await startTestServer({ db: await openDatabase({ databaseUrl: db.url, dataDir: tempDir() }), config: { ...config, licenseVerifiedKeyCacheSize: 0 } });
  try {
    const prisma = ts.app.deps.prisma;
    const user = await prisma.user.create({ data: { email: `bench-${randomUUID()}@example.test`, name: 'Bench', passwordHash: 'x', roles: ['CREATOR'] } });
    const creator = await prisma.creatorAccount.create({ data: { slug: `@bench-${randomUUID().slice(0, 8)}`, displayName: 'Bench', userId: user.id } });
    const plugin = await prisma.plugin.create({ data: { name: `bench-plugin-${randomUUID().slice(0, 8)}`, creatorId: creator.id, priceAmount: 1000, currency: 'usd', status: 'PUBLISHED' } });
    const key = await keyringFor(ts.app.deps).currentSigningKey();
    const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const rows = Array.from({ length: LICENSES }, () => ({
      id: randomUUID(), keyId: randomUUID(), pluginId: plugin.id, buyerEmail: `b-${randomUUID().slice(0, 8)}@example.com`, entitlements: ['plugin.use'],
      machineLimit: 3, expiresAt: null, signingKid: key.kid, issuedAt,
    }));
    for (let i = 0; i < rows.length; i += 1000) await prisma.license.createMany({ data: rows.slice(i, i + 1000) });
    const keys = await Promise.all(rows.map((row) => signLicenseToken(row, key, ts.app.deps.config.licenseIssuer)));
    const bodies = keys.map((k) => JSON.stringify({ key: k, pluginId: plugin.id, nonce: randomUUID() }));

    for (const server of [ts, uncached]) {
      const check = await fetch(`${server.url}/v1/licenses/validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[0] });
      const checked = (await check.json()) as { code: string };
      if (checked.code !== 'VALID') throw new Error(`bench license is ${checked.code}`);
    }

    await load(`${ts.url}/healthz`, 'GET'); // warm-up, discarded
    const bare = await load(`${ts.url}/healthz`, 'GET');
    const firstSight = await load(`${ts.url}/v1/licenses/validate`, 'POST', bodies.slice(1), LICENSES - 1); // each key once: every request verifies
    const validate = await load(`${ts.url}/v1/licenses/validate`, 'POST', bodies);
    const withoutCache = await load(`${uncached.url}/v1/licenses/validate`, 'POST', bodies);
    const load1 = loadavg()[0]!;
    for (const [name, run] of [['first sight', firstSight], ['validate', validate], ['cache off', withoutCache]] as const) {
      if (run.non2xx || run.errors) throw new Error(`${name}: ${run.non2xx} non-2xx, ${run.errors} errors`);
    }

    // What one validation costs, part by part (sequential calls, µs).
    const cache = new VerifiedKeyCache(LICENSES);
    const api: LicenseApiDeps = { prisma, clock: ts.app.deps.clock, keyring: keyringFor(ts.app.deps), issuer: ts.app.deps.config.licenseIssuer, query: (sql, params, name) => ts.db.query(sql, params, name) };
    const cached = { ...api, verifiedKeys: cache };
    for (let i = 0; i < 2; i += 1) await validateLicense(cached, { key: keys[0]! }); // learns the keys' version, then keeps keys[0]
    let k = 0;
    const lookup = await microseconds(() => cache.lookup(keys[0]!, new Date()), 20_000);
    const fullVerify = await microseconds(() => verifyLicenseToken(keys[k++ % LICENSES]!, api.keyring, api.issuer), 2000);
    const serviceCached = await microseconds(() => validateLicense(cached, { key: keys[0]! }), 2000);
    const serviceUncached = await microseconds(() => validateLicense(api, { key: keys[k++ % LICENSES]! }), 2000);
    const signingKey = await api.keyring.currentSigningKey();
    const responseSignature = await microseconds(() => signResponseBody(bodies[k++ % LICENSES]!, signingKey), 5000);

    // The floor: Ed25519 alone, and the whole jose verification of a license key.
    const pair = generateKeyPairSync('ed25519');
    const message = Buffer.from(bodies[1]!);
    const signature = sign(null, message, pair.privateKey);
    const rawVerify = await microseconds(() => verify(null, message, pair.publicKey, signature));
    const cryptoKey = await importJWK(await exportJWK(pair.publicKey), 'EdDSA');
    const token = await new SignJWT({ entitlements: ['x'], max_machines: 3 }).setProtectedHeader({ alg: 'EdDSA', typ: 'license+jwt' }).setIssuer('marketdesk').setAudience('p').setSubject('s').setJti('j').setIssuedAt().sign(pair.privateKey);
    const joseVerify = await microseconds(() => jwtVerify(token, cryptoKey, { algorithms: ['EdDSA'], issuer: 'marketdesk' }), 5000);

    // Every validation answered over HTTP is counted: the cache-off server flushes on close, this one within its interval.
    await uncached.close();
    const answered = 2 + firstSight.total + validate.total + withoutCache.total; // the two checks and the three runs
    let counted = 0;
    for (let i = 0; i < 50 && counted < answered; i += 1) {
      counted = (await prisma.licenseValidationDay.aggregate({ _sum: { count: true } }))._sum.count ?? 0;
      if (counted < answered) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const rate = (run: Load) => `${Math.round(run.rps)} req/s, p50 ${ms(run.p50)}, p99 ${ms(run.p99)}`;
    const µs = (value: number) => `${value.toFixed(1)} µs`;
    return [
      { figure: `license validate, keys seen before, ${LICENSES} licenses, ${CONNECTIONS} connections, ${DURATION_S} s (PG)`, value: rate(validate), target: '≥ 0.5× bare route', baseline: `bare GET /healthz: ${rate(bare)}; load ${load1.toFixed(1)}` },
      { figure: 'license validate / bare route (req/s)', value: `${(validate.rps / bare.rps).toFixed(2)}×`, target: '≥ 0.5×', baseline: `cache off: ${(withoutCache.rps / bare.rps).toFixed(2)}× (${rate(withoutCache)}); first sight of each key: ${(firstSight.rps / bare.rps).toFixed(2)}× (${rate(firstSight)})` },
      { figure: 'one validation, sequential (service, PG)', value: `${µs(serviceCached)} key seen`, target: 'what remains', baseline: `${µs(serviceUncached)} key verified: verification ${µs(fullVerify)} vs cache lookup ${µs(lookup)}; response signature ${µs(responseSignature)}` },
      { figure: 'validations counted (batched, LicenseValidationDay)', value: `${counted} counted, ${answered} answered`, target: 'all (≥ answered: autocannon leaves the last in flight out)', baseline: 'batched: flushed every 1 s, at 5,000 log entries, and on close' },
      { figure: 'one Ed25519 verification (node:crypto)', value: µs(rawVerify), target: 'floor', baseline: `jose jwtVerify of a license key: ${µs(joseVerify)}` },
    ];
  } finally {
    await uncached.close().catch(() => undefined); // closed already unless the bench failed
    await ts.close();
  }
}
