import { router } from '../../platform/trpc/init.ts';

export const reviewQueueRouter = router({
});
