/**
 * Pricing over plain HTTP:
 * - `GET /v1/plugins/:pluginId/pricing` (public, no session): a published plugin's pricing as
 *   JSON (ZPluginPricing: `pricingModel`, `currency`, `billingInterval`, `priceAmount` and its
 *   `tiers`, cheapest first, amounts in minor units), `Cache-Control: public, max-age=60`. An
 *   unknown, draft or delisted plugin is 404 NOT_FOUND; a malformed id 400 naming `pluginId`.
 */
import { z } from 'zod';
import { zId } from '@marketdesk/shared';
import { parseRequest } from '../../platform/http/errors.ts';
import type { RegisterRoutes } from '../../platform/http/routes.ts';
import { readPluginPricing } from './read-pricing.ts';

/** Seconds a client or CDN may reuse a pricing answer: tiers change rarely, and a minute late is harmless. */
export const PRICING_MAX_AGE_SECONDS = 60;

const ZPricingParams = z.object({ pluginId: zId() });

/** Registers the public pricing route. Errors go to platform/http/errors.ts. */
export const registerPricingRoutes: RegisterRoutes = async (server, deps) => {
  server.get('/v1/plugins/:pluginId/pricing', async (req, reply) => {
    const { pluginId } = parseRequest(ZPricingParams, req.params);
    const pricing = await readPluginPricing(deps, { pluginId, isPublishedOnly: true });
    return reply.header('cache-control', `public, max-age=${PRICING_MAX_AGE_SECONDS}`).send(pricing);
  });
};
