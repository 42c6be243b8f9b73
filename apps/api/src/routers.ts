/** The console API: every module's tRPC router under its name; the console imports `type AppRouter`. */
import { router } from './platform/trpc/init.ts';
import { auditRouter } from './modules/audit/index.ts';
import { disputesRouter } from './modules/disputes/index.ts';
import { creatorRouter, financeRouter } from './modules/finance/index.ts';
import { homeRouter } from './modules/home/index.ts';
import { licensesRouter } from './modules/licenses/index.ts';
import { connectRouter, refundsRouter, stripeEventsRouter } from './modules/payments/index.ts';
import { subscriptionsRouter } from './modules/subscriptions/index.ts';
import { authRouter } from './modules/auth/index.ts';
import { queueRouter, submissionsRouter } from './modules/moderation/index.ts';
import { reviewerStatsRouter } from './modules/reviewer-stats/index.ts';
import { usersRouter } from './modules/users/index.ts';
import { searchRouter } from './modules/search/index.ts';
import { referenceRouter } from './modules/reference/index.ts';
import { seedingRouter } from './modules/seeding/index.ts';
import { pricingRouter } from './modules/pricing/index.ts';
import { reputationRouter, reviewQueueRouter, reviewReportsRouter, reviewsRouter } from './modules/reviews/index.ts';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  audit: auditRouter,
  queue: queueRouter,
  submissions: submissionsRouter,
  reviewerStats: reviewerStatsRouter,
  refunds: refundsRouter,
  finance: financeRouter,
  disputes: disputesRouter,
  stripeEvents: stripeEventsRouter,
  connect: connectRouter,
  creator: creatorRouter,
  licenses: licensesRouter,
  subscriptions: subscriptionsRouter,
  search: searchRouter,
  reference: referenceRouter,
  home: homeRouter,
  pricing: pricingRouter,
  reviews: reviewsRouter,
  reviewQueue: reviewQueueRouter,
  reviewReports: reviewReportsRouter,
  reputation: reputationRouter,
  seeding: seedingRouter,
});

export type AppRouter = typeof appRouter;
