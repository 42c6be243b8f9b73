/** The webhook inbox as finance reads it (the Stripe events page). */
import type { Prisma } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { cursorArgs, page } from '../../platform/db/pagination.ts';

/**
 * Stored Stripe events, newest first: `{ status?, type?, limit, cursor? }` (cursor: an event id a
 * previous page returned).
 * @returns up to `limit` events and the next page's cursor.
 */
export async function listStripeEvents(deps: Pick<AppDeps, 'prisma'>, input: { status?: Prisma.StripeEventWhereInput['status']; type?: string; limit: number; cursor?: string }) {
  const rows = await deps.prisma.stripeEvent.findMany({
    where: { ...(input.status ? { status: input.status } : {}), ...(input.type ? { type: input.type } : {}) },
    select: { id: true, type: true, account: true, status: true, attempts: true, lastError: true, stripeCreatedAt: true, receivedAt: true, processedAt: true, nextAttemptAt: true },
    orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }], take: input.limit + 1, ...cursorArgs(input.cursor),
  });
  return page(rows, input.limit);
}
