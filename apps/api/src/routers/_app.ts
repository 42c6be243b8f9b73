import { router } from '../trpc/init.ts';
import { auditRouter } from './audit/router.ts';
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
});

export type AppRouter = typeof appRouter;
