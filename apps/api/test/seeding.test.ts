/**
 * seeding.status: null while no seed runs, the current phase while one reports through the seed's
 * own progress (createProgress's observer into the app's tracker), null again once it is cleared;
 * every signed-in role may ask, nobody without a session.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '@marketdesk/shared';
import { createProgress } from '../../../prisma/seed/progress.ts';
import { fixedClock, type AppDeps } from '../src/platform/deps.ts';
import { createSeedStatusTracker, type SeedStatusTracker } from '../src/platform/seed-status.ts';
import { contextFor, createCaller, createTestUser, openTestDatabase, testDeps, type TestDatabase } from './harness.ts';

const SEED_STARTED_AT = new Date('2027-03-01T09:30:00Z');

let db: TestDatabase;
let tracker: SeedStatusTracker;
let deps: AppDeps;

beforeAll(async () => {
  db = await openTestDatabase();
  tracker = createSeedStatusTracker(fixedClock(SEED_STARTED_AT));
  deps = testDeps(db, { seedStatus: tracker });
});
afterAll(async () => db?.close());

async function statusAs(roles: (typeof ROLES)[number][]) {
  const user = await createTestUser(db.prisma, roles);
  return createCaller(await contextFor(deps, user)).seeding.status();
}

describe('seeding.status', () => {
  it('answers null when no seed runs, and in a process without a tracker', async () => {
    expect(await statusAs(['FINANCE'])).toBeNull();
    const withoutTracker = testDeps(db);
    const user = await createTestUser(db.prisma, ['ADMIN']);
    expect(await createCaller(await contextFor(withoutTracker, user)).seeding.status()).toBeNull();
  });

  it('answers the phase, done and total the seed reports, to every role, then null once cleared', async () => {
    const progress = createProgress(() => {}, { observe: tracker.report });
    progress.phase('catalog, staff and review queue', 0).done();
    const money = progress.phase('purchases, refunds, disputes, payouts', 1_200);
    money.tick(400);
    money.tick(68);

    for (const role of ROLES) {
      expect(await statusAs([role]), role).toEqual({ phase: 'purchases, refunds, disputes, payouts', done: 468, total: 1_200, startedAt: SEED_STARTED_AT });
    }
    money.done();
    progress.phase('ratings and reviews', 300).tick(3);
    expect(await statusAs(['FINANCE'])).toEqual({ phase: 'ratings and reviews', done: 3, total: 300, startedAt: SEED_STARTED_AT });

    tracker.clear();
    expect(await statusAs(['FINANCE'])).toBeNull();
  });

  it('is refused without a session', async () => {
    tracker.report({ phase: 'license activations', done: 1, total: 10 });
    try {
      const outcome = await createCaller(await contextFor(deps, null)).seeding.status().then(() => 'OK', (error: unknown) => (error instanceof TRPCError ? error.code : String(error)));
      expect(outcome).toBe('UNAUTHORIZED');
    } finally {
      tracker.clear();
    }
  });
});
