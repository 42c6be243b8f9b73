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
    // Every project sets `isolate: false`: a worker keeps the modules it imported from one test file to
    // the next, instead of importing the API, Prisma and Playwright again for each file. The import cost
    // was 280–330 s a pass; it is now 40 s. Files share no state: each one opens its own database,
    // server and browser and closes them in afterAll, and nothing stubs modules, the environment or
    // timers. Measured on PostgreSQL: the console project took 739 s and the others 374 s, all passed.
    projects: [
      { test: { name: 'shared', include: ['packages/shared/test/**/*.test.ts'], isolate: false } },
      { test: { name: 'stripe-emulator', include: ['packages/stripe-emulator/test/**/*.test.ts'], testTimeout: 60_000, isolate: false } },
      {
        test: {
          name: 'api',
          isolate: false,
          include: ['apps/api/test/**/*.test.ts'],
          exclude: ['apps/api/test/**/*.pg.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'api-pg',
          isolate: false,
          include: ['apps/api/test/**/*.pg.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'console',
          isolate: false,
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
