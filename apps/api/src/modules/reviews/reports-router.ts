import { router } from '../../platform/trpc/init.ts';

export const reviewReportsRouter = router({
});
