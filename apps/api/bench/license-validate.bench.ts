/**
 * The public license API under load on loopback, PostgreSQL server: `POST /v1/licenses/validate`
 * over 10,000 valid licenses (each request a different key), against `GET /healthz` of the same
 * server (a bare route answering fixed JSON) in the same run. autocannon runs
 * in a child process so it does not share the server's event loop. Target: validate ≥ 0.5× the bare route's req/s.
 * Also the floor: the raw cost of one Ed25519 verification (node:crypto) and of one full key
 * verification (jose jwtVerify with a cached key) on this machine.
 */
import { randomUUID, sign, verify, generateKeyPairSync } from 'node:crypto';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { jwtVerify, importJWK, exportJWK, SignJWT } from 'jose';
import { signLicenseToken } from '../src/modules/licenses/index.ts';
import { keyringFor } from '../src/modules/licenses/index.ts';
import { openTestDatabase, startTestServer } from '../test/harness.ts';
import { ms, type BenchRow } from './measure.ts';

const LICENSES = 10_000;
const CONNECTIONS = 32;
const DURATION_S = 8;

interface Load { rps: number; total: number; p50: number; p99: number; non2xx: number; errors: number; timeouts: number }

function load(url: string, method: 'GET' | 'POST', bodies?: string[]): Promise<Load> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./load-worker.mjs', import.meta.url)), [], { execArgv: [] });
    child.once('message', (result) => resolve(result as Load));
    child.once('error', reject);
    child.once('exit', (code) => code === 0 || reject(new Error(`load generator exited with ${code}`)));
    child.send({ url, method, bodies, connections: CONNECTIONS, duration: DURATION_S });
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
  const ts = await startTestServer({ db, config: { licenseRateLimitPerIp: 1_000_000_000, licenseRateLimitPerLicense: 1_000_000 } });
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
    const bodies = await Promise.all(rows.map(async (row) => JSON.stringify({ key: await signLicenseToken(row, key, ts.app.deps.config.licenseIssuer), pluginId: plugin.id, nonce: randomUUID() })));

    const check = await fetch(`${ts.url}/v1/licenses/validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[0] });
    const checked = (await check.json()) as { code: string };
    if (checked.code !== 'VALID') throw new Error(`bench license is ${checked.code}`);

    await load(`${ts.url}/healthz`, 'GET'); // warm-up, discarded
    const bare = await load(`${ts.url}/healthz`, 'GET');
    const validate = await load(`${ts.url}/v1/licenses/validate`, 'POST', bodies);
    if (validate.non2xx || validate.errors) throw new Error(`validate: ${validate.non2xx} non-2xx, ${validate.errors} errors`);

    // The floor: Ed25519 alone, and the whole jose verification of a license key.
    const pair = generateKeyPairSync('ed25519');
    const message = Buffer.from(bodies[1]!);
    const signature = sign(null, message, pair.privateKey);
    const rawVerify = await microseconds(() => verify(null, message, pair.publicKey, signature));
    const cryptoKey = await importJWK(await exportJWK(pair.publicKey), 'EdDSA');
    const token = await new SignJWT({ entitlements: ['x'], max_machines: 3 }).setProtectedHeader({ alg: 'EdDSA', typ: 'license+jwt' }).setIssuer('marketdesk').setAudience('p').setSubject('s').setJti('j').setIssuedAt().sign(pair.privateKey);
    const joseVerify = await microseconds(() => jwtVerify(token, cryptoKey, { algorithms: ['EdDSA'], issuer: 'marketdesk' }), 5000);

    const ratio = validate.rps / bare.rps;
    const validations = await prisma.licenseValidationDay.aggregate({ _sum: { count: true } });
    return [
      { figure: `license validate, ${LICENSES} licenses, ${CONNECTIONS} connections, ${DURATION_S} s (PG)`, value: `${Math.round(validate.rps)} req/s, p50 ${ms(validate.p50)}, p99 ${ms(validate.p99)}`, target: '≥ 0.5× bare route', baseline: `bare GET /healthz: ${Math.round(bare.rps)} req/s, p50 ${ms(bare.p50)}, p99 ${ms(bare.p99)}` },
      { figure: 'license validate / bare route (req/s)', value: `${ratio.toFixed(2)}×`, target: '≥ 0.5×', baseline: `${validate.total} validations, ${validations._sum.count ?? 0} counted so far` },
      { figure: 'one Ed25519 verification (node:crypto)', value: `${rawVerify.toFixed(1)} µs`, target: 'floor', baseline: `jose jwtVerify of a license key: ${joseVerify.toFixed(1)} µs` },
    ];
  } finally {
    await ts.close();
  }
}
