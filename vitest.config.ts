import { defineConfig } from 'vitest/config';

// Four projects: shared (pure), api (on DATABASE_URL's server when set, else embedded PGlite),
// api-pg (concurrency tests that always need the PostgreSQL server), console (real Chromium).
export default defineConfig({
  test: {
    // Two files at a time. Vitest's default is one fewer than the cores, which is one on the 2-core CI
    // machines: the suite ran file by file although most of its time is spent waiting on PostgreSQL,
    // the emulator, child processes and Chromium. Each console file starts its own server on a fresh
    // database and its own Chromium, so they run two at a time too, alongside the api files.
    maxWorkers: 2,
    projects: [
      { test: { name: 'shared', include: ['packages/shared/test/**/*.test.ts'] } },
      { test: { name: 'stripe-emulator', include: ['packages/stripe-emulator/test/**/*.test.ts'], testTimeout: 60_000 } },
      {
        test: {
          name: 'api',
          include: ['apps/api/test/**/*.test.ts'],
          exclude: ['apps/api/test/**/*.pg.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'api-pg',
          include: ['apps/api/test/**/*.pg.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'console',
          include: ['apps/console/test/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          // As long as a page action may wait (browser.ts: 15 s): vitest's default of 1 s failed
          // expect.poll on pages that were only slow, two browser files running beside the api files.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
