/**
 * The development seed: the catalog parser on messy rows, deterministic creators and prices,
 * and the full real catalog seeded (twice) into an in-memory PGlite.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_PATH, findNpmNameProblem, parseCatalog } from '../../../prisma/seed/catalog.ts';
import { creatorForPackage, pickBusiestCreatorSlug } from '../../../prisma/seed/creators.ts';
import { DECISION_REASONS } from '../../../prisma/seed/decision-reasons.ts';
import { DEMO_ACCOUNTS, isDatabaseEmpty, seedDatabase, type SeedSummary } from '../../../prisma/seed/index.ts';
import { catalogPricingForPackage, priceForPackage } from '../../../prisma/seed/pricing.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { applyMigrations } from '../src/platform/db/migrations.ts';
import { verifyPassword } from '../src/modules/auth/passwords.ts';
import { makeTempDir } from './temp-dirs.ts';

const HEADER = 'name\tversion\tdownloads_a_month\tsummary';
const LONG_NAME = 'a'.repeat(215);
const MESSY = [
  HEADER,
  '@scope/a\t1.0.0\t10\tScoped plugin', // 2
  '@scope/b\t2.0.0-beta.1+build.5\t0\t', // 3: empty summary, unusual version
  'ja-plugin\t0.0.1\t42\tビルドを速くするプラグイン', // 4
  'ru-plugin\t1.0.0\t7\tПлагин для сборки', // 5
  'huge-plugin\t1.0.0\t9007199254740993\tMore than 2^53', // 6
  '', // 7: blank
  'Foo Bar\t1.0.0\t1\tx', // 8
  'neg-plugin\t1.0.0\t-5\tx', // 9
  'short-plugin\t1.0.0', // 10
  'tabby\t1.0.0\t3\tsummary with\ttab and "quotes"', // 11
  'noversion\t \t3\tx', // 12
  '@scope/a\t1.0.1\t1\tagain', // 13
  'too-big\t1.0.0\t99999999999999999999\t', // 14
  '.hidden\t1.0.0\t1\t', // 15
  'has space\t1.0.0\t1\t', // 16
  `${LONG_NAME}\t1.0.0\t1\t`, // 17
  'crlf-plugin\t1.0.0\t5\tWindows line\r', // 18
  '   ', // 19: whitespace only
  '', // trailing newline
].join('\n');

describe('parseCatalog', () => {
  const parsed = parseCatalog(MESSY);

  it('accepts valid rows exactly, keeping BigInt downloads and summaries as written', () => {
    expect(parsed.rows).toEqual([
      { line: 2, name: '@scope/a', version: '1.0.0', monthlyDownloads: 10n, summary: 'Scoped plugin' },
      { line: 3, name: '@scope/b', version: '2.0.0-beta.1+build.5', monthlyDownloads: 0n, summary: '' },
      { line: 4, name: 'ja-plugin', version: '0.0.1', monthlyDownloads: 42n, summary: 'ビルドを速くするプラグイン' },
      { line: 5, name: 'ru-plugin', version: '1.0.0', monthlyDownloads: 7n, summary: 'Плагин для сборки' },
      { line: 6, name: 'huge-plugin', version: '1.0.0', monthlyDownloads: 9007199254740993n, summary: 'More than 2^53' },
      { line: 11, name: 'tabby', version: '1.0.0', monthlyDownloads: 3n, summary: 'summary with\ttab and "quotes"' },
      { line: 18, name: 'crlf-plugin', version: '1.0.0', monthlyDownloads: 5n, summary: 'Windows line' },
    ]);
  });

  it('rejects each bad row with its line and the field at fault', () => {
    expect(parsed.rejected).toEqual([
      { line: 8, reason: 'line 8: name "Foo Bar" is not a valid npm package name (has uppercase letters)' },
      { line: 9, reason: 'line 9: downloads_a_month "-5" is not a non-negative integer' },
      { line: 10, reason: 'line 10: expected 4 tab-separated columns (name, version, downloads_a_month, summary), got 2' },
      { line: 12, reason: 'line 12: version is empty for "noversion"' },
      { line: 13, reason: 'line 13: name "@scope/a" repeats line 2' },
      { line: 14, reason: 'line 14: downloads_a_month "99999999999999999999" exceeds the 64-bit range' },
      { line: 15, reason: 'line 15: name ".hidden" is not a valid npm package name (cannot start with "." or "_")' },
      { line: 16, reason: 'line 16: name "has space" is not a valid npm package name (has characters that are not URL-safe)' },
      { line: 17, reason: `line 17: name "${LONG_NAME}" is not a valid npm package name (longer than 214 characters)` },
    ]);
  });

  it('refuses a file without the catalog header instead of guessing columns', () => {
    expect(() => parseCatalog('pkg\tver\n@a/b\t1\t1\tx')).toThrow(/catalog header must be/);
  });

  it('applies npm name rules', () => {
    expect(findNpmNameProblem('@babel/core')).toBeUndefined();
    expect(findNpmNameProblem('eslint-plugin-foo.bar_baz')).toBeUndefined();
    expect(findNpmNameProblem('@babel')).toBe('a scoped name must look like @scope/name');
    expect(findNpmNameProblem('@a/b/c')).toBe('a scoped name must look like @scope/name');
    expect(findNpmNameProblem('@scope/_private')).toBe('cannot start with "." or "_"');
    expect(findNpmNameProblem("it's")).toBe("cannot contain any of ~'!()*");
    expect(findNpmNameProblem('node_modules')).toBe('is a reserved name');
    expect(findNpmNameProblem('plügin')).toBe('has characters that are not URL-safe');
  });
});

describe('derived creators and prices', () => {
  it('makes a scope one creator and an unscoped package its own creator', () => {
    expect(creatorForPackage('@scope/a')).toEqual({ slug: '@scope', displayName: 'scope' });
    expect(creatorForPackage('@scope/b')).toEqual(creatorForPackage('@scope/a'));
    expect(creatorForPackage('eslint-plugin-x')).toEqual({ slug: 'eslint-plugin-x', displayName: 'eslint-plugin-x' });
  });

  it('picks the busiest creator, ties broken by slug', () => {
    expect(pickBusiestCreatorSlug(['zed', '@b/x', '@a/x', '@b/y', '@a/y'])).toBe('@a');
    expect(pickBusiestCreatorSlug(['zed', '@b/x', '@b/y'])).toBe('@b');
    expect(pickBusiestCreatorSlug([])).toBeUndefined();
  });

  it('prices deterministically from the name, in minor units, about 20 % monthly subscriptions', () => {
    const names = parseCatalog(readFileSync(DEFAULT_CATALOG_PATH, 'utf8')).rows.map((r) => r.name);
    const prices = names.map(priceForPackage);
    expect(names.map(priceForPackage)).toEqual(prices);
    for (const price of prices) {
      const ladder = price.currency === 'jpy' ? [800, 1400, 2300, 2900, 4500, 7500] : price.currency === 'gbp' ? [400, 800, 1200, 1600, 2400, 3900] : [500, 900, 1500, 1900, 2900, 4900];
      expect(ladder).toContain(price.priceAmount);
      expect(price.billingInterval).toBe(price.pricingModel === 'SUBSCRIPTION' ? 'month' : null);
    }
    const share = (predicate: (p: (typeof prices)[number]) => boolean) => prices.filter(predicate).length / prices.length;
    expect(share((p) => p.pricingModel === 'SUBSCRIPTION')).toBeCloseTo(0.2, 1);
    expect(share((p) => p.currency === 'usd')).toBeCloseTo(0.85, 1);
    for (const currency of ['eur', 'gbp', 'jpy']) expect(share((p) => p.currency === currency)).toBeGreaterThan(0.02);
  });
  it('sells about 10 % of plugins free and tiers about 30 % of the paid ones, keeping the price of every paid plugin', () => {
    const names = parseCatalog(readFileSync(DEFAULT_CATALOG_PATH, 'utf8')).rows.map((r) => r.name);
    const pricings = names.map(catalogPricingForPackage);
    expect(names.map(catalogPricingForPackage)).toEqual(pricings);
    const free = pricings.filter((p) => p.pricingModel === 'FREE');
    expect(free.length / pricings.length).toBeCloseTo(0.1, 1);
    for (const p of free) expect(p).toMatchObject({ priceAmount: 0, billingInterval: null, tiers: [] });
    const paid = names.filter((_, i) => pricings[i]!.pricingModel !== 'FREE');
    for (const name of paid) expect(catalogPricingForPackage(name)).toMatchObject(priceForPackage(name));
    const tiered = paid.map(catalogPricingForPackage).filter((p) => p.tiers.length > 0);
    expect(tiered.length / paid.length).toBeCloseTo(0.3, 1);
    for (const p of tiered) {
      const keys = p.tiers.map((t) => t.key);
      expect([['free', 'pro', 'enterprise'], ['pro', 'enterprise']]).toContainEqual(keys);
      const pro = p.tiers.find((t) => t.key === 'pro')!;
      const enterprise = p.tiers.find((t) => t.key === 'enterprise')!;
      expect(pro.priceAmount).toBe(p.priceAmount);
      expect(enterprise.priceAmount).toBe(4 * p.priceAmount);
      expect(p.tiers.map((t) => t.machineLimit)).toEqual(keys.length === 3 ? [1, 3, 25] : [3, 25]);
      expect(pro.trialDays).toBe(p.pricingModel === 'SUBSCRIPTION' ? 14 : 0);
      // Soft quotas (overage billed) only where there is a subscription to bill.
      for (const t of p.tiers) expect(t.quotas[0]).toMatchObject({ metric: 'api_calls', isHard: t.key === 'free' || p.pricingModel !== 'SUBSCRIPTION' });
    }
    expect(tiered.some((p) => p.tiers[0]!.key === 'free')).toBe(true);
    expect(tiered.some((p) => p.pricingModel === 'SUBSCRIPTION')).toBe(true);
  });
});

describe('seedDatabase on PGlite', () => {
  const realText = readFileSync(DEFAULT_CATALOG_PATH, 'utf8');
  const realDataRows = realText.split('\n').slice(1).filter((l) => l.trim() !== '').length;
  const real = parseCatalog(realText);
  let db: Database;
  let wasEmpty: boolean;
  let first: SeedSummary;
  let firstMs: number;

  beforeAll(async () => {
    db = await openDatabase({ dataDir: '/tmp/x', isInMemory: true });
    await applyMigrations(db.migrationAdapterFactory);
    wasEmpty = await isDatabaseEmpty(db.prisma);
    const startedAt = performance.now();
    first = await seedDatabase(db.prisma, { catalogPath: DEFAULT_CATALOG_PATH });
    firstMs = performance.now() - startedAt;
    console.log(`full catalog seeded on in-memory PGlite in ${Math.round(firstMs)} ms (${first.acceptedRows} rows, ${first.rejected.length} rejected)`);
  }, 120_000);
  afterAll(async () => db?.close());

  it('seeds every valid row of the real catalog', async () => {
    expect(realDataRows).toBe(7737);
    expect(first.acceptedRows + first.rejected.length).toBe(realDataRows);
    expect(first.rejected).toEqual(real.rejected);
    expect(await db.prisma.plugin.count()).toBe(first.acceptedRows);
    expect(await db.prisma.pluginVersion.count({ where: { status: 'PUBLISHED' } })).toBe(first.acceptedRows);
    expect(await db.prisma.plugin.count({ where: { status: 'PUBLISHED' } })).toBe(first.acceptedRows);
    const slugs = new Set(real.rows.map((r) => creatorForPackage(r.name).slug));
    expect(await db.prisma.creatorAccount.count()).toBe(slugs.size);
    expect(first.tables.plugins).toEqual({ created: first.acceptedRows, existing: 0 });
    const tiers = real.rows.reduce((n, r) => n + catalogPricingForPackage(r.name).tiers.length, 0);
    expect(first.tables.pluginTiers).toEqual({ created: tiers, existing: 0 });
    expect(await db.prisma.pluginTier.count()).toBe(tiers);
    expect(await db.prisma.plugin.count({ where: { pricingModel: 'FREE', priceAmount: 0 } })).toBe(real.rows.filter((r) => catalogPricingForPackage(r.name).pricingModel === 'FREE').length);
    expect(first.tables.creatorAccounts).toEqual({ created: slugs.size, existing: 0 });
    expect(first.tables.decisionReasons).toEqual({ created: DECISION_REASONS.length, existing: 0 });
    // ~7,700 plugins and versions and ~6,200 tiers (~0.3 ms a row on PGlite), with room for a loaded machine.
    expect(firstMs).toBeLessThan(40_000);
  });

  it('stores each row as written, with its derived creator and price', async () => {
    const row = real.rows.find((r) => r.name.startsWith('@') && r.summary !== '')!;
    const plugin = await db.prisma.plugin.findUniqueOrThrow({ where: { name: row.name }, include: { creator: true, versions: true } });
    const { tiers, ...price } = catalogPricingForPackage(row.name);
    expect(plugin).toMatchObject({ summary: row.summary, monthlyDownloads: row.monthlyDownloads, ...price });
    expect(await db.prisma.pluginTier.count({ where: { pluginId: plugin.id } })).toBe(tiers.length);
    expect(plugin.creator).toMatchObject(creatorForPackage(row.name));
    expect(plugin.versions).toMatchObject([{ version: row.version, status: 'PUBLISHED' }]);
    const siblings = real.rows.filter((r) => creatorForPackage(r.name).slug === plugin.creator.slug).length;
    expect(await db.prisma.plugin.count({ where: { creatorId: plugin.creatorId } })).toBe(siblings);
  });

  it('creates one demo account per role that signs in with the demo password', async () => {
    expect(wasEmpty).toBe(true);
    expect(await isDatabaseEmpty(db.prisma)).toBe(false);
    for (const account of DEMO_ACCOUNTS) {
      const user = await db.prisma.user.findUniqueOrThrow({ where: { email: account.email } });
      expect(user.roles).toEqual([account.role]);
      expect(await verifyPassword(user.passwordHash, 'marketdesk-demo')).toBe(true);
      expect(await verifyPassword(user.passwordHash, 'wrong-password')).toBe(false);
    }
  });

  it('links the creator demo user to the creator with the most plugins', async () => {
    const slug = pickBusiestCreatorSlug(real.rows.map((r) => r.name));
    expect(first.demoCreatorSlug).toBe(slug);
    const creator = await db.prisma.creatorAccount.findUniqueOrThrow({ where: { slug: slug! }, include: { user: true } });
    expect(creator.user?.email).toBe('creator@marketdesk.test');
  });

  it('seeds decision reasons with a canned response for each', async () => {
    const reasons = await db.prisma.decisionReason.findMany({ orderBy: { code: 'asc' } });
    expect(reasons.map((r) => [r.code, r.appliesTo])).toEqual(expect.arrayContaining([['MALWARE', 'REJECT'], ['NEEDS_TESTS', 'REQUEST_CHANGES']]));
    expect(reasons).toHaveLength(DECISION_REASONS.length);
    for (const reason of reasons) expect(reason.cannedResponse.length).toBeGreaterThan(80);
  });

  it('changes nothing when run again', async () => {
    const countAll = async () => ({
      users: await db.prisma.user.count(),
      creators: await db.prisma.creatorAccount.count(),
      plugins: await db.prisma.plugin.count(),
      versions: await db.prisma.pluginVersion.count(),
      reasons: await db.prisma.decisionReason.count(),
    });
    const before = await countAll();
    const second = await seedDatabase(db.prisma, { catalogPath: DEFAULT_CATALOG_PATH });
    expect(await countAll()).toEqual(before);
    for (const count of Object.values(second.tables)) expect(count.created).toBe(0);
    expect(second.tables.plugins.existing).toBe(first.acceptedRows);
    expect(second.demoCreatorSlug).toBe(first.demoCreatorSlug);
  }, 60_000);
});

describe('seedDatabase with a crafted catalog', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ dataDir: '/tmp/x', isInMemory: true });
    await applyMigrations(db.migrationAdapterFactory);
  }, 120_000);
  afterAll(async () => db?.close());

  it('seeds the accepted rows, reports the rejected ones, and shares one creator per scope', async () => {
    const file = path.join(makeTempDir('marketdesk-seed-'), 'catalog.tsv');
    writeFileSync(file, MESSY);
    const summary = await seedDatabase(db.prisma, { catalogPath: file });
    expect(summary.acceptedRows).toBe(7);
    expect(summary.rejected.map((r) => r.line)).toEqual([8, 9, 10, 12, 13, 14, 15, 16, 17]);
    expect(await db.prisma.plugin.count()).toBe(7);
    const [a, b] = await Promise.all(['@scope/a', '@scope/b'].map((name) => db.prisma.plugin.findUniqueOrThrow({ where: { name } })));
    expect(a!.creatorId).toBe(b!.creatorId);
    expect(summary.demoCreatorSlug).toBe('@scope');
    const huge = await db.prisma.plugin.findUniqueOrThrow({ where: { name: 'huge-plugin' } });
    expect(huge.monthlyDownloads).toBe(9007199254740993n);
    expect(await db.prisma.creatorAccount.count()).toBe(6);
  }, 60_000);
});
