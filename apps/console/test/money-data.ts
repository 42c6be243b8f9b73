/**
 * Money data for the browser tests, through the real path: a creator with a paid plugin, a
 * purchase through `POST /v1/purchases` paid in the built-in Stripe emulator, and the webhook
 * inbox drained so the purchase is SUCCEEDED and in the ledger.
 */
import { randomUUID } from 'node:crypto';
import { buy, createSeller, settle, type MoneyServer } from '../../api/test/money/helpers.ts';
import { contextFor, createCaller, type TestServer } from '../../api/test/harness.ts';

/** The test server seen as a money server (its own emulator, its database). */
export function asMoneyServer(server: TestServer): MoneyServer {
  return { ...server, stripe: server.app.deps.stripe!.stripe, prisma: server.db.prisma };
}

/** A creator (signing in as `user`) with one published plugin at `priceAmount` minor units of `currency` (default USD). */
export function createSellerWithPlugin(server: TestServer, priceAmount: number, currency = 'usd') {
  return createSeller(server.db.prisma, { priceAmount, currency });
}

/** A paid purchase of `pluginId` by a new buyer: the buyer's email and the purchase id. */
export async function buyAndSettle(server: TestServer, pluginId: string) {
  const money = asMoneyServer(server);
  const buyerEmail = `buyer-${randomUUID().slice(0, 8)}@example.com`;
  const { purchaseId } = await buy(money, pluginId, { email: buyerEmail });
  await settle(money);
  return { buyerEmail, purchaseId };
}

/** The API's KPIs as `user` reads them (the same procedure the overview page calls). */
export async function readKpis(server: TestServer, userId: string, period: { from: Date; to: Date; currency: string }) {
  const user = await server.db.prisma.user.findUniqueOrThrow({ where: { id: userId } });
  const caller = createCaller(await contextFor(server.app.deps, user));
  return caller.finance.kpis(period);
}
