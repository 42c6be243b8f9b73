/**
 * License data for the browser tests, through the real path: a creator's paid plugin bought via
 * `POST /v1/purchases` and paid in the built-in Stripe emulator, so the payment sync issues the
 * license; its key rendered as the API renders it (what the buyer received); and the public
 * license API called over HTTP as a plugin client calls it.
 */
import { expect } from 'vitest';
import { contextFor, createCaller, type TestServer } from '../../api/test/harness.ts';
import { callLicenseApi } from '../../api/test/licenses/helpers.ts';
import { renderLicenseKey } from '../../api/src/modules/licenses/render-license-key.ts';
import { buyAndSettle, createSellerWithPlugin } from './money-data.ts';

export { callLicenseApi };

/** A paid purchase of a new plugin at $15.00 and the license it issued, with its key. */
export async function buyLicense(server: TestServer) {
  const seller = await createSellerWithPlugin(server, 1500);
  const { buyerEmail, purchaseId } = await buyAndSettle(server, seller.plugin.id);
  const license = await server.db.prisma.license.findFirstOrThrow({ where: { purchaseId } });
  const key = await renderLicenseKey(server.app.deps, license);
  return { plugin: seller.plugin, buyerEmail, purchaseId, license, key };
}

/** Waits until the validation counter (flushed every second) holds `count` validations of `licenseId` today. */
export async function waitForValidationCount(server: TestServer, licenseId: string, count: number) {
  await expect.poll(async () => {
    const rows = await server.db.prisma.licenseValidationDay.findMany({ where: { licenseId }, select: { count: true } });
    return rows.reduce((sum, row) => sum + row.count, 0);
  }, { timeout: 10_000 }).toBe(count);
}

/** The tRPC caller of staff user `userId`: another support agent acting while a page is open. */
export async function callerFor(server: TestServer, userId: string) {
  const user = await server.db.prisma.user.findUniqueOrThrow({ where: { id: userId } });
  return createCaller(await contextFor(server.app.deps, user));
}

/**
 * A paid first month of a new monthly subscription plugin at $9.00 (pricingModel SUBSCRIPTION,
 * billingInterval month), bought through `POST /v1/purchases`: the subscription, its license and key.
 */
export async function buySubscriptionLicense(server: TestServer) {
  const seller = await createSellerWithPlugin(server, 900);
  const plugin = await server.db.prisma.plugin.update({ where: { id: seller.plugin.id }, data: { pricingModel: 'SUBSCRIPTION', billingInterval: 'month' } });
  const { buyerEmail, purchaseId } = await buyAndSettle(server, plugin.id);
  const purchase = await server.db.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } });
  const subscription = await server.db.prisma.subscription.findUniqueOrThrow({ where: { id: purchase.subscriptionId! } });
  const license = await server.db.prisma.license.findFirstOrThrow({ where: { purchaseId } });
  const key = await renderLicenseKey(server.app.deps, license);
  return { plugin, buyerEmail, purchase, subscription, license, key };
}
