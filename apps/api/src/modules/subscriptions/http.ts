/**
 * The buyer's own tier change, `POST /v1/subscriptions/change-tier` (public, JSON
 * `{ key, tier }`, `Idempotency-Key` header required, 1–255 printable ASCII characters): the
 * license key of a subscription's license proves the buyer; the subscription changes to the
 * plugin's tier `tier` (change-tier.ts). Answers 200 with plain JSON, ZTierChangeResult (not
 * signed: it grants nothing by itself — the client validates the license afterwards, whose signed
 * answer carries the new tier). The same Idempotency-Key replays the same upgrade charge.
 * Errors: 400 INVALID_INPUT naming the field (`key`, `tier`, `Idempotency-Key`; the same tier,
 * or a tier the plugin does not sell, names `tier`), 404 NOT_FOUND (field `key`: a key that does
 * not verify, or a license without a subscription), 409 CONFLICT (the subscription is not active,
 * or the license is not ACTIVE). A declined upgrade is a 200 with `purchaseStatus` FAILED,
 * `paymentError` and `isApplied` false. Rate-limited per client IP like the purchase route.
 */
import { AppError, ZIdempotencyKey, ZPublicChangeTierRequest } from '@marketdesk/shared';
import { parseRequest } from '../../platform/http/errors.ts';
import { clientKeyOf, createSharedRateLimit } from '../../platform/http/rate-limits.ts';
import type { RegisterRoutes } from '../../platform/http/routes.ts';
import { keyringFor, verifyLicenseToken } from '../licenses/index.ts';
import { changeSubscriptionTier } from './change-tier.ts';

/** Registers `POST /v1/subscriptions/change-tier`. */
export const registerSubscriptionRoutes: RegisterRoutes = async (server, deps) => {
  const perIp = createSharedRateLimit(server, { name: 'subscription-change-ip', max: deps.config.licenseRateLimitPerIp }, deps.log);
  server.post('/v1/subscriptions/change-tier', async (req, reply) => {
    const wait = await perIp.take(req, clientKeyOf(req));
    if (wait > 0) throw new AppError('RATE_LIMITED', { message: `Too many requests from this client IP; retry in ${wait} s`, retryAfterSeconds: wait });
    const input = parseRequest(ZPublicChangeTierRequest, req.body);
    const header = req.headers['idempotency-key'];
    if (header === undefined) throw new AppError('INVALID_INPUT', { message: 'Idempotency-Key: the header is required (a tier change may charge the saved card)', field: 'Idempotency-Key' });
    const parsedKey = ZIdempotencyKey.safeParse(header);
    if (!parsedKey.success) throw new AppError('INVALID_INPUT', { message: `Idempotency-Key: ${parsedKey.error.issues[0]?.message ?? 'invalid'}`, field: 'Idempotency-Key' });
    const requestKey = parsedKey.data;
    const subscriptionId = await subscriptionOfKey(deps, input.key);
    const result = await changeSubscriptionTier(deps, { subscriptionId, tier: input.tier, requestKey });
    reply.header('cache-control', 'no-store');
    return reply.status(200).send(result);
  });
};

/**
 * The subscription of the license license key `key` names.
 * @throws AppError NOT_FOUND (field key) for a key that does not verify or a license without a subscription; CONFLICT (field key) for a license that is not ACTIVE.
 */
async function subscriptionOfKey(deps: Parameters<RegisterRoutes>[1], key: string): Promise<string> {
  const verified = await verifyLicenseToken(key, keyringFor(deps), deps.config.licenseIssuer, deps.clock.now());
  const notFound = new AppError('NOT_FOUND', { message: 'key: not a license key of a subscription', field: 'key' });
  if (!verified.ok) throw notFound;
  const license = await deps.prisma.license.findUnique({ where: { keyId: verified.claims.jti }, select: { id: true, status: true, subscriptionId: true } });
  if (!license || license.id !== verified.claims.sub || !license.subscriptionId) throw notFound;
  if (license.status !== 'ACTIVE') throw new AppError('CONFLICT', { message: `key: the license is ${license.status.toLowerCase()}; only an active license changes its tier`, field: 'key' });
  return license.subscriptionId;
}
