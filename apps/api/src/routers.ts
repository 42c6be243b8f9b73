import { router } from '../trpc/init.ts';
import { auditRouter } from './audit/router.ts';
import { creatorRouter } from './creator/router.ts';
import { financeRouter } from './finance/router.ts';
import { licensesRouter } from './licenses/router.ts';
import { refundsRouter } from './refunds/router.ts';
import { stripeEventsRouter } from './stripe-events/router.ts';
import { subscriptionsRouter } from './subscriptions/router.ts';
import { authRouter } from './auth/router.ts';
import { queueRouter } from './queue/router.ts';
import { submissionsRouter } from './submissions/router.ts';
import { usersRouter } from './users/router.ts';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  audit: auditRouter,
  queue: queueRouter,
  submissions: submissionsRouter,
  refunds: refundsRouter,
  finance: financeRouter,
  stripeEvents: stripeEventsRouter,
  creator: creatorRouter,
  licenses: licensesRouter,
  subscriptions: subscriptionsRouter,
});

export type AppRouter = typeof appRouter;
