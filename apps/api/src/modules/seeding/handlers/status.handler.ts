import type { Context } from '../../../platform/trpc/context.ts';
import { readSeedStatus } from '../read-seed-status.ts';

/** `seeding.status`: the running seed's phase and count, or null; any signed-in user (the notice sits in every role's shell). */
export function statusHandler({ ctx }: { ctx: Context }) {
  return readSeedStatus(ctx.deps);
}
