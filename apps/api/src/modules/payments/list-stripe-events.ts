/** The webhook inbox as finance reads it (the Stripe events page). */
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { cursorArgs, page } from '../../platform/db/pagination.ts';

/** Stored Stripe events, newest first, by status and/or type. */
export async function listStripeEvents(prisma: PrismaClient, input: { status?: Prisma.StripeEventWhereInput['status']; type?: string; limit: number; cursor?: string }) {
  const rows = await prisma.stripeEvent.findMany({
    where: { ...(input.status ? { status: input.status } : {}), ...(input.type ? { type: input.type } : {}) },
    select: { id: true, type: true, account: true, status: true, attempts: true, lastError: true, stripeCreatedAt: true, receivedAt: true, processedAt: true, nextAttemptAt: true },
    orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }], take: input.limit + 1, ...cursorArgs(input.cursor),
  });
  return page(rows, input.limit);
}
