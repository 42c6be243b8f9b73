import { router } from '../trpc/init.ts';
import { auditRouter } from './audit/router.ts';
import { authRouter } from './auth/router.ts';
import { usersRouter } from './users/router.ts';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
