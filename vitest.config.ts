import { defineConfig } from 'vitest/config';

// Four projects: shared (pure), api (on DATABASE_URL's server when set, else embedded PGlite),
// api-pg (concurrency tests that always need the PostgreSQL server), console (real Chromium).
export default defineConfig({
  test: {
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
          fileParallelism: false,
        },
      },
    ],
  },
});
