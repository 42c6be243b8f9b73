/**
 * The license validation log against the real app and database: validate and activate answers
 * written by the recorder with the client's address truncated and the right codes, the bounded
 * buffer, the 30-day purge in batches, `licenses.validations` (pages, code filter, denied), and
 * the search by part of an email and by a code answered in the last 24 hours.
 */
import { TRPCError } from '@trpc/server';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeValidationLog } from '../../src/modules/licenses/purge-validation-log.ts';
import { ValidationRecorder } from '../../src/modules/licenses/validation-recorder.ts';
import { contextFor, createCaller, createTestUser, startTestServer, type TestServer } from '../harness.ts';
import { callLicenseApi, createLicense, createPlugin } from './helpers.ts';

let ts: TestServer;
let pluginId: string;
let support: ReturnType<typeof createCaller>;
let finance: ReturnType<typeof createCaller>;

beforeAll(async () => {
  ts = await startTestServer({ config: { isBehindProxy: true, licenseRateLimitPerLicense: 1000, licenseRateLimitPerIp: 100_000 } });
  pluginId = (await createPlugin(ts.app.deps.prisma)).id;
  support = createCaller(await contextFor(ts.app.deps, await createTestUser(ts.app.deps.prisma, ['SUPPORT'])));
  finance = createCaller(await contextFor(ts.app.deps, await createTestUser(ts.app.deps.prisma, ['FINANCE'])));
});
afterAll(async () => ts?.close());

const codeOf = (promise: Promise<unknown>) => promise.then(() => 'OK', (e: unknown) => (e instanceof TRPCError ? e.code : `unexpected ${String(e)}`));

/** Waits for the recorder's next flushes until `licenseId` has `count` log rows (the recorder writes every second). */
async function waitForRows(licenseId: string, count: number) {
  for (let i = 0; i < 50; i += 1) {
    const rows = await ts.app.deps.prisma.licenseValidation.findMany({ where: { licenseId }, orderBy: { id: 'asc' } });
    if (rows.length >= count) return rows;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`license ${licenseId} never got ${count} validation rows`);
}

describe('the validation log', () => {
  it('keeps each validate and activate answer with its code, the client /24 or /48, the user agent and the plugin version', async () => {
    const { license, key } = await createLicense(ts.app.deps, { pluginId, machineLimit: 1 });
    const from = (ip: string, agent: string) => ({ 'x-forwarded-for': ip, 'user-agent': agent });
    expect((await callLicenseApi(ts.url, 'activate', { key, fingerprint: 'fp-laptop' }, from('203.0.113.77', 'acme-lint/2.4.1 node/22'))).body.code).toBe('VALID');
    expect((await callLicenseApi(ts.url, 'activate', { key, fingerprint: 'fp-desktop' }, from('203.0.113.78', 'acme-lint/2.4.1'))).body.code).toBe('TOO_MANY_MACHINES');
    expect((await callLicenseApi(ts.url, 'validate', { key, fingerprint: 'fp-laptop', pluginVersion: '2.5.0' }, from('2001:db8:abcd:12::9', 'curl/8.5.0'))).body.code).toBe('VALID');
    expect((await callLicenseApi(ts.url, 'validate', { key, fingerprint: 'fp-desktop' }, from('198.51.100.4', 'curl/8.5.0'))).body.code).toBe('FINGERPRINT_SCOPE_MISMATCH');
    await callLicenseApi(ts.url, 'deactivate', { key, fingerprint: 'fp-laptop' }, from('198.51.100.4', 'curl/8.5.0'));
    await ts.app.deps.prisma.license.update({ where: { id: license.id }, data: { status: 'SUSPENDED' } });
    expect((await callLicenseApi(ts.url, 'validate', { key }, from('198.51.100.4', 'x'.repeat(1000)))).body.code).toBe('SUSPENDED');

    const rows = await waitForRows(license.id, 5);
    expect(rows.map((r) => [r.code, r.fingerprint, r.ipPrefix, r.pluginVersion])).toEqual([
      ['VALID', 'fp-laptop', '203.0.113.0/24', '2.4.1'],
      ['TOO_MANY_MACHINES', 'fp-desktop', '203.0.113.0/24', '2.4.1'],
      ['VALID', 'fp-laptop', '2001:db8:abcd::/48', '2.5.0'],
      ['FINGERPRINT_SCOPE_MISMATCH', 'fp-desktop', '198.51.100.0/24', null],
      ['SUSPENDED', null, '198.51.100.0/24', null],
    ]);
    expect(rows[0]!.userAgent).toBe('acme-lint/2.4.1 node/22');
    expect(rows[4]!.userAgent).toHaveLength(256);
    expect(JSON.stringify(rows.map((r) => r.ipPrefix))).not.toMatch(/203\.0\.113\.7|198\.51\.100\.4|abcd:12/);
    expect(Math.abs(rows[0]!.occurredAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('answers about no known license are not logged (a forged key names no row)', async () => {
    const before = await ts.app.deps.prisma.licenseValidation.count();
    expect((await callLicenseApi(ts.url, 'validate', { key: 'a.b.c' })).body.code).toBe('NOT_FOUND');
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(await ts.app.deps.prisma.licenseValidation.count()).toBe(before);
  });

  it('keeps at most its cap between flushes, dropping the oldest with a warning, in one INSERT', async () => {
    const { license } = await createLicense(ts.app.deps, { pluginId });
    const warnings: unknown[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) });
    const recorder = new ValidationRecorder(ts.app.deps.prisma, log, 60_000, 3);
    for (let i = 0; i < 5; i += 1) {
      recorder.recordAnswer({ licenseId: license.id, occurredAt: new Date(Date.UTC(2026, 11, 1, 0, 0, i)), code: 'VALID', fingerprint: `fp-${i}`, ipPrefix: null, userAgent: null, pluginVersion: null });
    }
    await recorder.close();
    const rows = await ts.app.deps.prisma.licenseValidation.findMany({ where: { licenseId: license.id }, orderBy: { occurredAt: 'asc' } });
    expect(rows.map((r) => r.fingerprint)).toEqual(['fp-2', 'fp-3', 'fp-4']);
    expect(rows[0]!.occurredAt.toISOString()).toBe('2026-12-01T00:00:02.000Z');
    expect(warnings).toEqual([expect.objectContaining({ dropped: 2, cap: 3, msg: expect.stringMatching(/dropped the oldest/) })]);
  });
});

describe('a failed flush', () => {
  it('keeps its entries for the next flush, with a warning', async () => {
    const { prisma } = ts.app.deps;
    const { license } = await createLicense(ts.app.deps, { pluginId });
    let isDown = true;
    const flaky = { $executeRaw: (...args: Parameters<typeof prisma.$executeRaw>) => (isDown ? Promise.reject(new Error('connection lost')) : prisma.$executeRaw(...args)) };
    const warnings: unknown[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) });
    const recorder = new ValidationRecorder(flaky as unknown as typeof prisma, log, 60_000);
    recorder.recordAnswer({ licenseId: license.id, occurredAt: new Date(), code: 'EXPIRED', fingerprint: null, ipPrefix: '203.0.113.0/24', userAgent: null, pluginVersion: null });
    await recorder.flush();
    expect(await prisma.licenseValidation.count({ where: { licenseId: license.id } })).toBe(0);
    expect(warnings).toEqual([expect.objectContaining({ msg: expect.stringMatching(/retrying with the next flush/) })]);
    isDown = false;
    await recorder.close();
    expect(await prisma.licenseValidation.findMany({ where: { licenseId: license.id }, select: { code: true, ipPrefix: true } })).toEqual([{ code: 'EXPIRED', ipPrefix: '203.0.113.0/24' }]);
  });

  it('writes more counts and last-seen times than one statement could carry as parameters (what an outage leaves waiting)', async () => {
    // PostgreSQL takes at most 65,535 parameters per statement: 21,846 license-days at three each, or
    // 32,768 machines at two, would make every later flush fail and the counts be lost on close.
    const { prisma } = ts.app.deps;
    const { license: model } = await createLicense(ts.app.deps, { pluginId });
    const LICENSES = 22_000;
    const MACHINES = 33_000;
    await prisma.$executeRaw`
      INSERT INTO "License" (id, "keyId", "pluginId", "buyerEmail", entitlements, "signingKid", "updatedAt")
      SELECT 'bulk_lic_' || g, 'bulk_key_' || g, ${pluginId}, 'bulk@example.com', ARRAY['plugin.use'], ${model.signingKid}, now() FROM generate_series(1, ${LICENSES}) AS g`;
    const longAgo = new Date('2026-01-01T00:00:00Z');
    await prisma.$executeRaw`
      INSERT INTO "Activation" (id, "licenseId", fingerprint, "lastSeenAt")
      SELECT 'bulk_act_' || g, 'bulk_lic_' || (1 + g % ${LICENSES}), 'fp-' || g, ${longAgo} FROM generate_series(1, ${MACHINES}) AS g`;
    try {
      const warnings: unknown[] = [];
      const recorder = new ValidationRecorder(prisma, pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) }), 60_000);
      const now = new Date();
      for (let g = 1; g <= MACHINES; g += 1) recorder.record(`bulk_lic_${1 + (g % LICENSES)}`, `bulk_act_${g}`, now);
      await recorder.flush();
      expect(warnings).toEqual([]);
      const [counted] = await prisma.$queryRaw<{ days: number; validations: number }[]>`
        SELECT COUNT(*)::int AS days, COALESCE(SUM(count), 0)::int AS validations FROM "LicenseValidationDay" WHERE "licenseId" LIKE 'bulk_lic_%'`;
      expect(counted).toEqual({ days: LICENSES, validations: MACHINES });
      expect(await prisma.activation.count({ where: { id: { startsWith: 'bulk_act_' }, lastSeenAt: { gte: new Date(now.getTime() - 1) } } })).toBe(MACHINES);
      console.log(`one flush wrote ${counted!.validations} validations of ${counted!.days} licenses and ${MACHINES} machines' last-seen times`);
      await recorder.close();
    } finally {
      await prisma.$executeRaw`DELETE FROM "LicenseValidationDay" WHERE "licenseId" LIKE 'bulk_lic_%'`;
      await prisma.$executeRaw`DELETE FROM "Activation" WHERE id LIKE 'bulk_act_%'`;
      await prisma.$executeRaw`DELETE FROM "License" WHERE id LIKE 'bulk_lic_%'`;
    }
  });
});

describe('purgeValidationLog', () => {
  it('deletes only rows older than 30 days, in batches', async () => {
    const { prisma } = ts.app.deps;
    const { license } = await createLicense(ts.app.deps, { pluginId });
    const now = new Date('2026-12-02T12:00:00Z');
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
    const ages = [45, 31, 30.01, 30.01, 29.99, 1];
    await prisma.licenseValidation.createMany({ data: ages.map((age) => ({ licenseId: license.id, occurredAt: daysAgo(age), code: 'VALID' })) });
    const result = await purgeValidationLog({ prisma, clock: { now: () => now } }, { batchSize: 2 });
    expect(result.deleted).toBeGreaterThanOrEqual(4);
    const left = await prisma.licenseValidation.findMany({ where: { licenseId: license.id }, orderBy: { occurredAt: 'asc' } });
    expect(left.map((r) => r.occurredAt.toISOString())).toEqual([daysAgo(29.99).toISOString(), daysAgo(1).toISOString()]);
  });
});

describe('licenses.validations', () => {
  it('pages newest first, filters by code, names the activation, and is refused to finance', async () => {
    const { prisma } = ts.app.deps;
    const { license } = await createLicense(ts.app.deps, { pluginId });
    await prisma.activation.create({ data: { licenseId: license.id, fingerprint: 'fp-a', name: 'Studio Mac' } });
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 10, minute));
    await prisma.licenseValidation.createMany({
      data: [
        { licenseId: license.id, occurredAt: at(1), code: 'VALID', fingerprint: 'fp-a', ipPrefix: '203.0.113.0/24', userAgent: 'acme/1', pluginVersion: '1' },
        { licenseId: license.id, occurredAt: at(2), code: 'TOO_MANY_MACHINES', fingerprint: 'fp-b' },
        { licenseId: license.id, occurredAt: at(3), code: 'TOO_MANY_MACHINES', fingerprint: 'fp-c' },
        { licenseId: license.id, occurredAt: at(3), code: 'VALID', fingerprint: 'fp-a' },
      ],
    });
    const first = await support.licenses.validations({ licenseId: license.id, limit: 3 });
    expect(first.retentionDays).toBe(30);
    expect(first.items.map((v) => [v.occurredAt.toISOString(), v.code])).toEqual([
      [at(3).toISOString(), 'VALID'], [at(3).toISOString(), 'TOO_MANY_MACHINES'], [at(2).toISOString(), 'TOO_MANY_MACHINES'],
    ]);
    expect(first.items[0]!.activation).toMatchObject({ name: 'Studio Mac', isActive: true });
    expect(first.items[1]!.activation).toBeNull();
    const second = await support.licenses.validations({ licenseId: license.id, limit: 3, cursor: first.nextCursor! });
    expect(second.items).toEqual([expect.objectContaining({ code: 'VALID', ipPrefix: '203.0.113.0/24', userAgent: 'acme/1', pluginVersion: '1' })]);
    expect(second.nextCursor).toBeNull();
    const tooMany = await support.licenses.validations({ licenseId: license.id, code: 'TOO_MANY_MACHINES' });
    expect(tooMany.items.map((v) => v.fingerprint)).toEqual(['fp-c', 'fp-b']);

    expect(await codeOf(finance.licenses.validations({ licenseId: license.id }))).toBe('FORBIDDEN');
    expect(await codeOf(support.licenses.validations({ licenseId: 'no-such-license-id' }))).toBe('NOT_FOUND');
    expect(await codeOf(support.licenses.validations({ licenseId: license.id, cursor: 'bm9wZQ' }))).toBe('BAD_REQUEST');
  });
});

describe('licenses.search by part of an email and by validation code', () => {
  it('matches any part of the buyer email, case-insensitive, with or without "@"', async () => {
    const unique = Date.now().toString(36);
    const { license } = await createLicense(ts.app.deps, { pluginId, buyerEmail: `Jane.Doe-${unique}@Example.org` });
    await createLicense(ts.app.deps, { pluginId, buyerEmail: `someone-else-${unique}x@example.org` });
    for (const query of [`doe-${unique}`, `DOE-${unique}@example`, `${unique}@EXAMPLE.ORG`]) {
      const found = await support.licenses.search({ query });
      expect(found.items.map((l) => l.id), query).toEqual([license.id]);
    }
    expect((await support.licenses.search({ query: `doe-${unique}@` })).matchedBy).toBe('email');
  });

  it('finds licenses that answered a code in the last 24 hours only', async () => {
    const { prisma } = ts.app.deps;
    const recent = await createLicense(ts.app.deps, { pluginId });
    const old = await createLicense(ts.app.deps, { pluginId });
    const other = await createLicense(ts.app.deps, { pluginId });
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
    await prisma.licenseValidation.createMany({
      data: [
        { licenseId: recent.license.id, occurredAt: hoursAgo(2), code: 'TOO_MANY_MACHINES' },
        { licenseId: old.license.id, occurredAt: hoursAgo(25), code: 'TOO_MANY_MACHINES' },
        { licenseId: other.license.id, occurredAt: hoursAgo(1), code: 'VALID' },
      ],
    });
    const found = await support.licenses.search({ pluginId, validationCode: 'TOO_MANY_MACHINES' });
    expect(found.items.map((l) => l.id)).toContain(recent.license.id);
    expect(found.items.map((l) => l.id)).not.toContain(old.license.id);
    expect(found.items.map((l) => l.id)).not.toContain(other.license.id);
  });
});
