/**
 * Seeding: whether the demo seed `npm start` runs on an empty database is still going, and
 * where it is, for the console's "still seeding" notice. The seed itself is prisma/seed/; its
 * progress is kept by platform/seed-status.ts.
 */
export { seedingRouter } from './router.ts';
export { readSeedStatus } from './read-seed-status.ts';
