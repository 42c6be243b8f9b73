/**
 * The whole seed as the start command and db:seed run it: flags, the refusal to touch a
 * database holding data the seed did not make, the printed summary (rows per table, ledger
 * totals per currency, ledger balanced), license activations, and a second run that adds
 * nothing (embedded PGlite, or DATABASE_URL's server).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_PATH } from '../../../prisma/seed/catalog.ts';
import { createProgress } from '../../../prisma/seed/progress.ts';
import { ForeignDataError, formatSeedSummary, parseSeedFlags, runSeed, type RunSeedSummary } from '../../../prisma/seed/run.ts';
import { createTestUser, startTestServer, tempDir, type TestServer } from './harness.ts';

let ts: TestServer;
let catalogPath: string;
let first: RunSeedSummary;
const lines: string[] = [];
/** Each phase's last report to the `onProgress` observer, in the order the phases started. */
const observed = new Map<string, { done: number; total: number; isDone: boolean }>();

beforeAll(async () => {
  ts = await startTestServer();
  catalogPath = path.join(tempDir(), 'catalog.tsv');
  writeFileSync(catalogPath, readFileSync(DEFAULT_CATALOG_PATH, 'utf8').split('\n').slice(0, 41).join('\n'));
  first = await runSeed(ts.app.deps, ts.url, { purchases: 60, seed: 3, catalogPath, log: (line) => lines.push(line), onProgress: ({ phase, done, total, isDone }) => observed.set(phase, { done, total, isDone }) });
}, 180_000);
afterAll(async () => ts?.close());

describe('parseSeedFlags', () => {
  it('reads --scale, --seed and --allow-foreign-data, and names a bad flag', () => {
    expect(parseSeedFlags(['--scale', 'large', '--seed=42', '--allow-foreign-data'])).toEqual({ scale: 'large', seed: 42, isAllowingForeignData: true });
    expect(parseSeedFlags([])).toEqual({});
    expect(() => parseSeedFlags(['--scale', 'huge'])).toThrow('--scale must be one of small, medium, large, not huge');
    expect(() => parseSeedFlags(['--seed', 'x'])).toThrow('--seed must be a whole number, not x');
    expect(() => parseSeedFlags(['--fast'])).toThrow('unknown flag --fast');
  });
});

describe('runSeed', () => {
  it('seeds the catalog, a year of purchases and machines on licenses, with progress and a summary', async () => {
    expect(first.base.acceptedRows).toBe(40);
    expect(first.money.purchases.started).toBe(60);
    // Subscription renewals are purchases too; each paid first purchase issued one license.
    expect(first.rows.Purchase).toBeGreaterThanOrEqual(60 + first.money.subscriptions.renewals);
    // Besides: free installs (no purchase) and trials; renewals, upgrades, overage and credit packs issue none.
    const prisma = ts.app.deps.prisma;
    const firstPurchases = await prisma.license.count({ where: { purchaseId: { not: null }, trial: null } });
    const freeOrTrial = await prisma.license.count({ where: { OR: [{ purchaseId: null }, { trial: { isNot: null } }] } });
    expect(first.rows.License).toBe(firstPurchases + freeOrTrial);
    expect(first.money.pricing.freeInstalls).toBeGreaterThan(0);
    expect(first.rows.PluginTier).toBeGreaterThan(0);
    expect(first.activations).toBeGreaterThan(0);
    expect(first.rows.Activation).toBe(first.activations);
    expect(first.isLedgerBalanced).toBe(true);
    const usd = first.totals.find((t) => t.currency === 'usd')!;
    expect(usd.grossVolume).toBeGreaterThan(0);
    expect(usd.platformFees + usd.creatorEarnings + usd.stripeFees).toBeGreaterThan(0);
    expect(lines.some((l) => /^purchases, refunds, disputes, payouts: .* done in/.test(l))).toBe(true);
    const printed = formatSeedSummary(first).join('\n');
    expect(printed).toMatch(/LedgerEntry\s+[\d,]+/);
    expect(printed).toMatch(/^\s+usd\s+[\d,]+/m);
    expect(printed).toContain('ledger balanced: yes');
    expect(printed).toMatch(/^pricing models: \d+ free installs, \d+ trials .* credit packs bought/m);
    expect(lines.some((l) => /^pricing models: .* free installs/.test(l))).toBe(true);
    // The same progress as state (npm start keeps it for the console): every phase reported, each closed.
    expect([...observed.keys()]).toEqual(['catalog, staff and review queue', 'sellers onboarding at Stripe', 'purchases, refunds, disputes, payouts', 'pricing models', 'ratings and reviews', 'license activations']);
    expect([...observed.values()].every((p) => p.isDone && (p.total === 0 || p.done === p.total))).toBe(true);
  });

  it('adds nothing when run again', async () => {
    const again = await runSeed(ts.app.deps, ts.url, { purchases: 60, seed: 3, catalogPath });
    expect(again.money.skipped).toMatch(/already there/);
    expect(again.rows).toEqual(first.rows);
  });

  it('refuses a database holding data the seed did not make, writing nothing, unless told', async () => {
    await createTestUser(ts.app.deps.prisma, ['ADMIN'], { email: 'someone@example.com' });
    const before = await ts.app.deps.prisma.auditLog.count();
    await expect(runSeed(ts.app.deps, ts.url, { purchases: 60, seed: 3, catalogPath })).rejects.toThrow(ForeignDataError);
    await expect(runSeed(ts.app.deps, ts.url, { purchases: 60, seed: 3, catalogPath })).rejects.toThrow('1 user account(s) other than the demo accounts');
    expect(await ts.app.deps.prisma.auditLog.count()).toBe(before);
    const forced = await runSeed(ts.app.deps, ts.url, { purchases: 60, seed: 3, catalogPath, isAllowingForeignData: true });
    expect(forced.rows.User).toBe(first.rows.User! + 1);
  });
});

describe('seed progress', () => {
  it('counts what an earlier run did in the total but not in the rate behind the time left', async () => {
    const printed: string[] = [];
    const phase = createProgress((line) => printed.push(line), { intervalMs: 0 }).phase('purchases', 100_000, 50_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    phase.tick(50);
    // 50 done here in ≥ 0.2 s: the 49,950 left take ≥ 199.8 s (counting the earlier 50,000 would say 1 s).
    const [, shown, seconds] = /^purchases: (\S+) \(50 %\), about (\d+) s left$/.exec(printed.at(-1)!)!;
    expect(shown).toBe('50,050/100,000');
    expect(Number(seconds)).toBeGreaterThanOrEqual(199);
  });
});
