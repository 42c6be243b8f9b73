/**
 * The layout's rules, checked on every import of the API, the seed and the bench
 * (README "Architecture"; docs/architecture.md):
 * - a module is used by others only through its `index.ts` (no deep import across modules);
 * - services never import the tRPC layer: only a module's routers and handlers do;
 * - the platform never imports a module's internals;
 * - the Stripe emulator package imports nothing of the API, and the API reaches it only as
 *   `@marketdesk/stripe-emulator` (the `stripe` SDK talks to it over HTTP);
 * - the console refreshes its views after a write only through `useRefreshAfterWrite`
 *   (apps/console/src/lib/refresh-after-write.ts), which cancels the fetches in flight first.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SOURCE = /\.(ts|tsx|mts|mjs)$/;
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (name === 'node_modules' || name === 'generated') return [];
    return statSync(path.join(ROOT, rel)).isDirectory() ? filesUnder(rel) : SOURCE.test(name) ? [rel] : [];
  });
}

/** Every relative or workspace import of `file`, resolved to a repo path (relative ones) or kept as written. */
function importsOf(file: string): { spec: string; target: string }[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(IMPORT)].map(([, spec]) => ({ spec: spec!, target: spec!.startsWith('.') ? path.join(path.dirname(file), spec!) : spec! }));
}

const moduleOf = (file: string) => /^apps\/api\/src\/modules\/([^/]+)\//.exec(file)?.[1];
const isModuleIndex = (file: string) => /^apps\/api\/src\/modules\/[^/]+\/index\.ts$/.test(file);
const isTrpcLayer = (file: string) => /\/(handlers\/[^/]+|[^/]*router)\.ts$/.test(file);

const API_FILES = [...filesUnder('apps/api/src'), ...filesUnder('apps/api/bench'), ...filesUnder('prisma/seed')];

describe('architecture', () => {
  it('finds the modules and their imports (the checks below look at something)', () => {
    const modules = new Set(API_FILES.map(moduleOf).filter(Boolean));
    expect([...modules].sort()).toEqual(['audit', 'auth', 'disputes', 'finance', 'home', 'licenses', 'moderation', 'payments', 'pricing', 'reference', 'reviewer-stats', 'reviews', 'search', 'seeding', 'subscriptions', 'trials', 'usage', 'users']);
    for (const m of modules) expect(API_FILES, `modules/${m}/index.ts`).toContain(`apps/api/src/modules/${m}/index.ts`);
    expect(API_FILES.flatMap(importsOf).length).toBeGreaterThan(500);
  });

  it('uses another module only through its index.ts', () => {
    const deep = API_FILES.flatMap((file) => importsOf(file)
      .filter(({ target }) => moduleOf(target) && moduleOf(target) !== moduleOf(file) && !isModuleIndex(target))
      .map(({ spec }) => `${file} imports ${spec}`));
    expect(deep).toEqual([]);
  });

  it('keeps services free of the tRPC layer: only routers and handlers import platform/trpc', () => {
    const offenders = API_FILES.filter((file) => moduleOf(file) && !isTrpcLayer(file))
      .flatMap((file) => importsOf(file).filter(({ target }) => target.startsWith('apps/api/src/platform/trpc/') || target.startsWith('@trpc/')).map(({ spec }) => `${file} imports ${spec}`));
    expect(offenders).toEqual([]);
  });

  it('keeps the platform below the modules: it imports at most a module index, and only for the base procedures', () => {
    const offenders = API_FILES.filter((file) => file.startsWith('apps/api/src/platform/'))
      .flatMap((file) => importsOf(file).filter(({ target }) => moduleOf(target) && (!isModuleIndex(target) || !file.startsWith('apps/api/src/platform/trpc/'))).map(({ spec }) => `${file} imports ${spec}`));
    expect(offenders).toEqual([]);
  });

  it('keeps the Stripe emulator a package of its own', () => {
    const emulatorFiles = filesUnder('packages/stripe-emulator');
    const outward = emulatorFiles.flatMap((file) => importsOf(file).filter(({ target }) => target.startsWith('apps/') || target.startsWith('@marketdesk/api')).map(({ spec }) => `${file} imports ${spec}`));
    expect(outward).toEqual([]);
    const inward = [...API_FILES, ...filesUnder('apps/api/test')].flatMap((file) => importsOf(file).filter(({ target }) => target.startsWith('packages/stripe-emulator/') || /^@marketdesk\/stripe-emulator\/(?!testing$)/.test(target)).map(({ spec }) => `${file} imports ${spec}`));
    expect(inward).toEqual([]);
  });

  it('refreshes the console after a write only through useRefreshAfterWrite (a bare invalidateQueries can hand a loading list the answer read before the write)', () => {
    const consoleFiles = filesUnder('apps/console/src');
    expect(consoleFiles.length).toBeGreaterThan(100);
    const helper = 'apps/console/src/lib/refresh-after-write.ts';
    const offenders = consoleFiles.filter((file) => file !== helper && /\.(invalidateQueries|refetchQueries)\(/.test(readFileSync(path.join(ROOT, file), 'utf8')));
    // The session query after an ended session: nothing was written, and the sign-in page follows.
    expect(offenders).toEqual(['apps/console/src/lib/query-client.ts']);
  });

  it('shows a write\'s answer in the console only through useSetAfterWrite (a bare setQueryData is undone by the read in flight that lands after it)', () => {
    const helper = 'apps/console/src/lib/refresh-after-write.ts';
    const offenders = filesUnder('apps/console/src').filter((file) => file !== helper && /\.(setQueryData|setQueriesData)\(/.test(readFileSync(path.join(ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
