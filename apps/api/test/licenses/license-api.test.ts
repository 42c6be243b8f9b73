/**
 * The public license API over HTTP against the real app: result codes, every bad input from
 * issue 5 (never a 500, never VALID), response signatures checked with the published JWKS,
 * nonce echo, idempotent activation and the machine limit, deactivation, key rotation, rate
 * limits, and the per-day validation count.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyringFor } from '../../src/modules/licenses/keyring-for.ts';
import { verifyResponseBody } from '../../src/modules/licenses/response-signature.ts';
import { rotateSigningKey } from '../../src/modules/licenses/signing-keys.ts';
import { contextFor, createCaller, createTestUser, startTestServer, type TestServer } from '../harness.ts';
import { callLicenseApi, createLicense, createPlugin, fetchJwks } from './helpers.ts';

let ts: TestServer;
let pluginId: string;
let otherPluginId: string;

beforeAll(async () => {
  ts = await startTestServer({ config: { licenseRateLimitPerLicense: 1000, licenseRateLimitPerIp: 100_000 } });
  pluginId = (await createPlugin(ts.app.deps.prisma)).id;
  otherPluginId = (await createPlugin(ts.app.deps.prisma)).id;
});
afterAll(async () => ts?.close());

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('validate', () => {
  it('a fresh license is VALID, the answer is signed with a published key and echoes the nonce', async () => {
    const { license, key } = await createLicense(ts.app.deps, { pluginId });
    const answer = await callLicenseApi(ts.url, 'validate', { key, pluginId, nonce: 'n-123' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ valid: true, code: 'VALID', nonce: 'n-123', license: { id: license.id, pluginId, status: 'ACTIVE', maxMachines: 3, machines: 0, entitlements: ['plugin.use'] } });
    expect(Date.parse(answer.body.ts)).toBeGreaterThan(Date.now() - 60_000);
    expect(answer.headers.get('cache-control')).toBe('no-store');

    const jwks = await fetchJwks(ts.url);
    const signature = answer.headers.get('license-signature')!;
    expect(verifyResponseBody(answer.text, signature, (kid) => jwks.get(kid))).toBe(true);
    expect(verifyResponseBody(answer.text.replace('"valid":true', '"valid":false'), signature, (kid) => jwks.get(kid))).toBe(false);
    expect(verifyResponseBody(answer.text.replace('n-123', 'n-124'), signature, (kid) => jwks.get(kid))).toBe(false);
  });

  it('the key is a license+jwt with the claims of issue 5, kid = RFC 7638 thumbprint of a published key', async () => {
    const { license, key } = await createLicense(ts.app.deps, { pluginId, machineLimit: 5 });
    const header = decodeProtectedHeader(key);
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'license+jwt' });
    const jwks = (await (await fetch(`${ts.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string; kty: 'OKP'; crv: string; x: string }[] };
    const published = jwks.keys.find((k) => k.kid === header.kid)!;
    expect(await calculateJwkThumbprint({ kty: published.kty, crv: published.crv, x: published.x })).toBe(header.kid);
    expect(decodeJwt(key)).toEqual({
      iss: 'marketdesk', sub: license.id, aud: pluginId, iat: Math.floor(license.issuedAt.getTime() / 1000), jti: license.keyId, entitlements: ['plugin.use'], max_machines: 5,
    });
  });

  it('the same license renders the same key (deterministic Ed25519)', async () => {
    const { license, key } = await createLicense(ts.app.deps, { pluginId });
    const { renderLicenseKey } = await import('../../src/modules/licenses/render-license-key.ts');
    expect(await renderLicenseKey(ts.app.deps, license)).toBe(key);
  });

  it('an expiring license reports its expiry; the stored expiry wins over a later exp in the key', async () => {
    const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 86_400_000);
    const { license, key } = await createLicense(ts.app.deps, { pluginId, expiresAt });
    expect(decodeJwt(key).exp).toBe(expiresAt.getTime() / 1000);
    expect((await callLicenseApi(ts.url, 'validate', { key })).body).toMatchObject({ code: 'VALID', license: { expiresAt: expiresAt.toISOString() } });
    await ts.app.deps.prisma.license.update({ where: { id: license.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await callLicenseApi(ts.url, 'validate', { key })).body).toMatchObject({ valid: false, code: 'EXPIRED' });
  });

  it('status changes are reported on the next call with a public detail per status, never support\'s reason', async () => {
    const { license, key } = await createLicense(ts.app.deps, { pluginId });
    await ts.app.deps.prisma.license.update({ where: { id: license.id }, data: { status: 'SUSPENDED', statusReason: 'chargeback review' } });
    const suspended = await callLicenseApi(ts.url, 'validate', { key });
    expect(suspended.body).toMatchObject({ valid: false, code: 'SUSPENDED', detail: "This license is suspended. Contact the seller's support" });
    expect(suspended.text).not.toContain('chargeback review');
    await ts.app.deps.prisma.license.update({ where: { id: license.id }, data: { status: 'REVOKED', statusReason: 'refunded' } });
    const revoked = await callLicenseApi(ts.url, 'validate', { key });
    expect(revoked.body).toMatchObject({ valid: false, code: 'REVOKED', detail: "This license has been revoked. Contact the seller's support" });
    expect(revoked.text).not.toContain('refunded');
    await ts.app.deps.prisma.license.update({ where: { id: license.id }, data: { status: 'EXPIRED' } });
    expect((await callLicenseApi(ts.url, 'validate', { key })).body).toMatchObject({ valid: false, code: 'EXPIRED', detail: 'This license has expired' });
    const expiresAt = new Date('2026-01-31T12:00:00Z');
    await ts.app.deps.prisma.license.update({ where: { id: license.id }, data: { expiresAt } });
    expect((await callLicenseApi(ts.url, 'validate', { key })).body).toMatchObject({ code: 'EXPIRED', detail: 'This license expired on 2026-01-31' });
  });

  it('a reason support typed into licenses.suspend (a ticket number) stays internal: validate, activate and deactivate do not answer it', async () => {
    const support = createCaller(await contextFor(ts.app.deps, await createTestUser(ts.app.deps.prisma, ['SUPPORT'])));
    const { license, key } = await createLicense(ts.app.deps, { pluginId });
    expect((await callLicenseApi(ts.url, 'activate', { key, fingerprint: 'machine-internal-reason' })).status).toBe(201);
    const reason = 'Chargeback investigation, ticket #4712';
    expect(await support.licenses.suspend({ id: license.id, reason })).toMatchObject({ status: 'SUSPENDED', statusReason: reason });
    const answers = [
      await callLicenseApi(ts.url, 'validate', { key }),
      await callLicenseApi(ts.url, 'activate', { key, fingerprint: 'machine-other' }),
      await callLicenseApi(ts.url, 'deactivate', { key, fingerprint: 'machine-internal-reason' }),
    ];
    expect(answers.map((answer) => answer.body.code)).toEqual(['SUSPENDED', 'SUSPENDED', 'SUSPENDED']);
    expect(answers[2]!.body.detail).toBe("The machine is deactivated. This license is suspended. Contact the seller's support");
    for (const answer of answers) {
      expect(answer.body.detail).toMatch(/This license is suspended/);
      for (const internal of ['4712', 'ticket', 'Chargeback']) expect(answer.text).not.toContain(internal);
    }
  });
});

describe('bad input: its code or a 400 naming the problem, never a 500, never VALID', () => {
  const forged = async () => {
    const { license, key } = await createLicense(ts.app.deps, { pluginId });
    const claims = decodeJwt(key);
    const ourKid = decodeProtectedHeader(key).kid!;
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    return { license, key, claims, ourKid, privateKey, publicKey };
  };

  it.each([
    ['not a JWT', async () => 'definitely-not-a-jwt'],
    ['three dots of garbage', async () => 'a.b.c'],
    ['signed by another Ed25519 key under our kid', async () => {
      const f = await forged();
      return new SignJWT(f.claims).setProtectedHeader({ alg: 'EdDSA', typ: 'license+jwt', kid: f.ourKid }).sign(f.privateKey);
    }],
    ['alg none', async () => {
      const f = await forged();
      return `${b64({ alg: 'none', typ: 'license+jwt', kid: f.ourKid })}.${b64(f.claims)}.`;
    }],
    ['HS256 with our public key as the HMAC secret (key confusion)', async () => {
      const f = await forged();
      const jwks = (await (await fetch(`${ts.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string; x: string }[] };
      const ours = jwks.keys.find((k) => k.kid === f.ourKid)!;
      const pem = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: ours.x }, format: 'jwk' }).export({ format: 'pem', type: 'spki' });
      return new SignJWT(f.claims).setProtectedHeader({ alg: 'HS256', typ: 'license+jwt', kid: f.ourKid }).sign(new TextEncoder().encode(String(pem)));
    }],
    ['a kid we never issued', async () => {
      const f = await forged();
      const kid = await calculateJwkThumbprint(f.publicKey.export({ format: 'jwk' }) as { kty: 'OKP'; crv: string; x: string });
      return new SignJWT(f.claims).setProtectedHeader({ alg: 'EdDSA', typ: 'license+jwt', kid }).sign(f.privateKey);
    }],
    ['no kid', async () => {
      const f = await forged();
      return new SignJWT(f.claims).setProtectedHeader({ alg: 'EdDSA', typ: 'license+jwt' }).sign(f.privateKey);
    }],
    ['signed by our key for another issuer', async () => {
      const f = await forged();
      const ours = await keyringFor(ts.app.deps).currentSigningKey();
      return new SignJWT({ ...f.claims, iss: 'someone-else' }).setProtectedHeader({ alg: 'EdDSA', typ: 'license+jwt', kid: ours.kid }).sign(ours.privateKey);
    }],
    ['signed by our key but typed as a plain JWT (token confusion)', async () => {
      const f = await forged();
      const ours = await keyringFor(ts.app.deps).currentSigningKey();
      return new SignJWT(f.claims).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: ours.kid }).sign(ours.privateKey);
    }],
    ['a tampered payload', async () => {
      const f = await forged();
      const [h, , s] = f.key.split('.');
      return `${h}.${b64({ ...f.claims, max_machines: 1000 })}.${s}`;
    }],
  ])('%s → NOT_FOUND', async (_name, makeKey) => {
    const answer = await callLicenseApi(ts.url, 'validate', { key: await makeKey(), nonce: 'x' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ valid: false, code: 'NOT_FOUND', license: null, nonce: 'x' });
    expect(answer.body.detail).not.toBe('');
    for (const action of ['activate', 'deactivate'] as const) {
      expect((await callLicenseApi(ts.url, action, { key: await makeKey(), fingerprint: 'fp-1' })).body).toMatchObject({ valid: false, code: 'NOT_FOUND' });
    }
  });

  it('an expired key → EXPIRED (activate too)', async () => {
    const { key } = await createLicense(ts.app.deps, { pluginId, expiresAt: new Date(Date.now() - 60_000) });
    expect((await callLicenseApi(ts.url, 'validate', { key })).body).toMatchObject({ valid: false, code: 'EXPIRED' });
    expect((await callLicenseApi(ts.url, 'activate', { key, fingerprint: 'fp-exp' })).body).toMatchObject({ valid: false, code: 'EXPIRED' });
  });

  it('a key for another plugin → PRODUCT_SCOPE_MISMATCH', async () => {
    const { key } = await createLicense(ts.app.deps, { pluginId });
    expect((await callLicenseApi(ts.url, 'validate', { key, pluginId: otherPluginId })).body).toMatchObject({ valid: false, code: 'PRODUCT_SCOPE_MISMATCH' });
    expect((await callLicenseApi(ts.url, 'activate', { key, pluginId: otherPluginId, fingerprint: 'fp' })).body).toMatchObject({ valid: false, code: 'PRODUCT_SCOPE_MISMATCH' });
  });

  it.each([
    ['an empty fingerprint', { fingerprint: '' }, 'fingerprint'],
    ['a fingerprint over 256 characters', { fingerprint: 'f'.repeat(257) }, 'fingerprint'],
    ['a fingerprint that is not a string', { fingerprint: 42 }, 'fingerprint'],
    ['no key', { key: undefined }, 'key'],
    ['a key that is not a string', { key: { alg: 'none' } }, 'key'],
  ])('%s → 400 naming %s', async (_name, patch, field) => {
    const { key } = await createLicense(ts.app.deps, { pluginId });
    for (const action of ['validate', 'activate', 'deactivate'] as const) {
      const answer = await callLicenseApi(ts.url, action, { key, fingerprint: 'fp-ok', ...patch });
      expect(answer.status, action).toBe(400);
      expect(answer.body).toMatchObject({ code: 'INVALID_INPUT', field });
      expect(answer.body.error).toContain(field);
    }
  });

  it.each([
    ['not JSON', 400, '{"key": '],
    ['a JSON array', 400, '[1,2]'],
    ['JSON null', 400, 'null'],
    ['an empty body', 400, ''],
    ['a body over 16 KiB', 413, JSON.stringify({ key: 'k'.repeat(20_000) })],
  ])('%s → %i naming the body', async (_name, status, body) => {
    const answer = await callLicenseApi(ts.url, 'validate', body);
    expect(answer.status).toBe(status);
    expect(answer.body.error).toMatch(/body/);
  });

  it('a JSON body sent as text/plain is read as JSON all the same', async () => {
    const { key } = await createLicense(ts.app.deps, { pluginId });
    expect((await callLicenseApi(ts.url, 'validate', JSON.stringify({ key }), { 'content-type': 'text/plain' })).body.code).toBe('VALID');
  });
});

describe('activate and deactivate', () => {
  it('activation is idempotent per fingerprint, the limit answers TOO_MANY_MACHINES with the count, deactivation frees a slot', async () => {
    const { key } = await createLicense(ts.app.deps, { pluginId, machineLimit: 2 });
    expect((await callLicenseApi(ts.url, 'validate', { key, fingerprint: 'laptop' })).body.code).toBe('NO_MACHINE');
    const first = await callLicenseApi(ts.url, 'activate', { key, fingerprint: 'laptop', name: 'Work laptop', nonce: 'a1' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ valid: true, code: 'VALID', nonce: 'a1', license: { machines: 1 }, activation: { fingerprint: 'laptop', name: 'Work laptop' } });
    const again = await callLicenseApi(ts.url, 'activate', { key, fingerprint: 'laptop' });
    expect(again.status).toBe(200);
    expect(again.body.activation!.id).toBe(first.body.activation!.id);
    expect(again.body.license!.machines).toBe(1);

    expect((await callLicenseApi(ts.url, 'activate', { key, fingerprint: 'desktop' })).status).toBe(201);
    const over = await callLicenseApi(ts.url, 'activate', { key, fingerprint: 'server' });
    expect(over.body).toMatchObject({ valid: false, code: 'TOO_MANY_MACHINES', license: { machines: 2, maxMachines: 2 } });
    expect(over.body.detail).toContain('2 of 2');

    expect((await callLicenseApi(ts.url, 'validate', { key, fingerprint: 'laptop' })).body.code).toBe('VALID');
    expect((await callLicenseApi(ts.url, 'validate', { key, fingerprint: 'server' })).body.code).toBe('FINGERPRINT_SCOPE_MISMATCH');

    const off = await callLicenseApi(ts.url, 'deactivate', { key, fingerprint: 'laptop' });
    expect(off.body).toMatchObject({ valid: true, code: 'VALID', license: { machines: 1 }, activation: { fingerprint: 'laptop' } });
    expect((await callLicenseApi(ts.url, 'deactivate', { key, fingerprint: 'laptop' })).body.code).toBe('FINGERPRINT_SCOPE_MISMATCH');
    expect((await callLicenseApi(ts.url, 'validate', { key, fingerprint: 'laptop' })).body.code).toBe('FINGERPRINT_SCOPE_MISMATCH');
    expect((await callLicenseApi(ts.url, 'activate', { key, fingerprint: 'server' })).status).toBe(201);
    // The old fingerprint comes back on its old row once a slot is free.
    await callLicenseApi(ts.url, 'deactivate', { key, fingerprint: 'desktop' });
    const back = await callLicenseApi(ts.url, 'activate', { key, fingerprint: 'laptop' });
    expect(back.status).toBe(201);
    expect(back.body.activation!.id).toBe(first.body.activation!.id);
  });

  it('a suspended or revoked license cannot activate; it can still free a machine', async () => {
    const { license, key } = await createLicense(ts.app.deps, { pluginId });
    await callLicenseApi(ts.url, 'activate', { key, fingerprint: 'm1' });
    await ts.app.deps.prisma.license.update({ where: { id: license.id }, data: { status: 'SUSPENDED' } });
    expect((await callLicenseApi(ts.url, 'activate', { key, fingerprint: 'm2' })).body.code).toBe('SUSPENDED');
    const off = await callLicenseApi(ts.url, 'deactivate', { key, fingerprint: 'm1' });
    expect(off.body).toMatchObject({ valid: false, code: 'SUSPENDED', activation: { fingerprint: 'm1' }, license: { machines: 0 } });
  });
});

describe('signing keys', () => {
  it('rotation: old keys still validate and stay published, new licenses use the new kid', async () => {
    const before = await createLicense(ts.app.deps, { pluginId });
    const oldKid = decodeProtectedHeader(before.key).kid!;
    const { kid: newKid, retiredKid } = await rotateSigningKey(ts.app.deps);
    expect(retiredKid).toBe(oldKid);
    expect(newKid).not.toBe(oldKid);
    const after = await createLicense(ts.app.deps, { pluginId });
    expect(decodeProtectedHeader(after.key).kid).toBe(newKid);
    expect((await callLicenseApi(ts.url, 'validate', { key: before.key })).body.code).toBe('VALID');
    expect((await callLicenseApi(ts.url, 'validate', { key: after.key })).body.code).toBe('VALID');
    const jwks = await fetchJwks(ts.url);
    expect([...jwks.keys()]).toEqual([newKid, ...[...jwks.keys()].slice(1)]);
    expect(jwks.has(oldKid)).toBe(true);
    const status = await ts.app.deps.prisma.signingKey.findMany({ select: { kid: true, status: true } });
    expect(status.filter((k) => k.status === 'CURRENT')).toEqual([{ kid: newKid, status: 'CURRENT' }]);
  });

  it('the JWKS drops a retired key that signed no license once its grace day has passed', async () => {
    const { kid: unused } = await rotateSigningKey(ts.app.deps);
    const { kid: current } = await rotateSigningKey(ts.app.deps);
    expect((await fetchJwks(ts.url)).has(unused)).toBe(true);
    await ts.app.deps.prisma.signingKey.update({ where: { kid: unused }, data: { retiredAt: new Date(Date.now() - 2 * 86_400_000) } });
    const jwks = await fetchJwks(ts.url);
    expect(jwks.has(unused)).toBe(false);
    expect([...jwks.keys()][0]).toBe(current);
    const withLicenses = await ts.app.deps.prisma.signingKey.findMany({ where: { licenses: { some: {} } }, select: { kid: true } });
    for (const { kid } of withLicenses) expect(jwks.has(kid)).toBe(true);
  });

  it('the private keys are stored encrypted, never as PKCS#8 in the clear', async () => {
    const rows = await ts.app.deps.prisma.signingKey.findMany({ select: { kid: true, privateKeyEncrypted: true, publicJwk: true } });
    for (const row of rows) {
      expect(row.privateKeyEncrypted.split('.')).toHaveLength(3);
      expect(row.privateKeyEncrypted).not.toContain('MC4CAQAwBQYDK2Vw');
      expect(row.publicJwk).not.toHaveProperty('d');
    }
  });
});

describe('validation counts', () => {
  it('each validation of a license adds one to its day', async () => {
    const { license, key } = await createLicense(ts.app.deps, { pluginId });
    for (let i = 0; i < 3; i += 1) await callLicenseApi(ts.url, 'validate', { key });
    await expect.poll(async () => (await ts.app.deps.prisma.licenseValidationDay.findMany({ where: { licenseId: license.id } })).map((d) => d.count), { timeout: 5000 }).toEqual([3]);
    await callLicenseApi(ts.url, 'validate', { key });
    await expect.poll(async () => (await ts.app.deps.prisma.licenseValidationDay.findMany({ where: { licenseId: license.id } })).map((d) => d.count), { timeout: 5000 }).toEqual([4]);
  });
});

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Every other spelling of `key` that decodes to the same bytes: in each segment, the last
 * character with its unused low bits set otherwise (4 bits when the length is 2 mod 4, 2 bits
 * when 3 mod 4), and the segment with `=` padding.
 */
function otherSpellingsOf(key: string): string[] {
  const segments = key.split('.');
  return segments.flatMap((segment, at) => {
    const unusedBits = [0, 0, 4, 2][segment.length % 4]!;
    const last = BASE64URL.indexOf(segment.at(-1)!);
    const lastChars = Array.from({ length: 1 << unusedBits }, (_, low) => BASE64URL[(last & ~((1 << unusedBits) - 1)) | low]!).filter((c) => c !== segment.at(-1));
    const variants = [...lastChars.map((c) => segment.slice(0, -1) + c), ...(unusedBits ? [segment + '='.repeat(unusedBits / 2)] : [])];
    return variants.map((variant) => segments.map((s, i) => (i === at ? variant : s)).join('.'));
  });
}

describe('one key, one spelling', () => {
  it('every non-canonical base64url spelling of a valid key is NOT_FOUND, like a forged key, in every segment and every endpoint', async () => {
    const { license, key } = await createLicense(ts.app.deps, { pluginId });
    const spellings = otherSpellingsOf(key);
    const [, , signature] = key.split('.');
    // 15 other signatures (86 characters: 4 unused bits) and its padded form at least.
    expect(spellings.filter((k) => k.split('.')[2] !== signature).length).toBeGreaterThanOrEqual(16);
    for (const spelling of spellings) {
      expect(spelling).not.toBe(key);
      expect(spelling.split('.').map((part) => Buffer.from(part, 'base64url').toString('hex'))).toEqual(key.split('.').map((part) => Buffer.from(part, 'base64url').toString('hex')));
      const { status, body } = await callLicenseApi(ts.url, 'validate', { key: spelling });
      expect(status, spelling).toBe(200);
      expect(body, spelling).toMatchObject({ valid: false, code: 'NOT_FOUND', license: null });
    }
    const variant = spellings.find((k) => k.split('.')[2] !== signature)!;
    expect((await callLicenseApi(ts.url, 'activate', { key: variant, fingerprint: 'machine-spelling' })).body).toMatchObject({ code: 'NOT_FOUND', license: null });
    expect((await callLicenseApi(ts.url, 'deactivate', { key: variant, fingerprint: 'machine-spelling' })).body).toMatchObject({ code: 'NOT_FOUND', license: null });
    expect(await ts.app.deps.prisma.activation.count({ where: { licenseId: license.id } })).toBe(0);
    expect((await callLicenseApi(ts.url, 'validate', { key })).body).toMatchObject({ valid: true, code: 'VALID' });
  });

  it('the spellings of one key share its rate-limit bucket', async () => {
    const limited = await startTestServer({ config: { licenseRateLimitPerLicense: 3, licenseRateLimitPerIp: 100_000 } });
    try {
      const plugin = await createPlugin(limited.app.deps.prisma);
      const { key } = await createLicense(limited.app.deps, { pluginId: plugin.id });
      const [, , signature] = key.split('.');
      const spellings = otherSpellingsOf(key).filter((k) => k.split('.')[2] !== signature);
      const statuses = [];
      statuses.push((await callLicenseApi(limited.url, 'validate', { key })).status);
      for (const spelling of spellings.slice(0, 3)) statuses.push((await callLicenseApi(limited.url, 'validate', { key: spelling })).status);
      statuses.push((await callLicenseApi(limited.url, 'validate', { key })).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      // Another license keeps its own bucket.
      const other = await createLicense(limited.app.deps, { pluginId: plugin.id });
      expect((await callLicenseApi(limited.url, 'validate', { key: other.key })).body).toMatchObject({ code: 'VALID' });
    } finally {
      await limited.close();
    }
  });
});

describe('rate limits', () => {
  it('per license and per IP: 429 with Retry-After', async () => {
    const limited = await startTestServer({ config: { licenseRateLimitPerLicense: 3, licenseRateLimitPerIp: 8 } });
    try {
      const plugin = await createPlugin(limited.app.deps.prisma);
      const { key } = await createLicense(limited.app.deps, { pluginId: plugin.id });
      const codes = [];
      for (let i = 0; i < 4; i += 1) codes.push((await callLicenseApi(limited.url, 'validate', { key })).status);
      expect(codes).toEqual([200, 200, 200, 429]);
      const other = await createLicense(limited.app.deps, { pluginId: plugin.id });
      const later = [];
      for (let i = 0; i < 5; i += 1) later.push(await callLicenseApi(limited.url, 'validate', { key: other.key }));
      const limitedAnswer = later.find((a) => a.status === 429)!;
      expect(limitedAnswer.body.error).toMatch(/IP|license/);
      expect(Number(limitedAnswer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(later.filter((a) => a.status === 429).length).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe('encryption key', () => {
  it('a LICENSE_KEY_ENCRYPTION_KEY other than the one the keys were stored with does not decrypt them (the API refuses to start)', async () => {
    const { Keyring } = await import('../../src/modules/licenses/signing-keys.ts');
    const wrong = new Keyring(ts.app.deps.prisma, Buffer.alloc(32, 7));
    await expect(wrong.currentSigningKey()).rejects.toThrow(/LICENSE_KEY_ENCRYPTION_KEY is not the key it was stored with/);
  });
});
