/**
 * Trials over plain HTTP:
 * - `POST /v1/trials` (public, JSON `{ pluginId, tier, buyerEmail, fingerprint, paymentMethod?,
 *   successUrl?, cancelUrl? }`, optional `Idempotency-Key` header as `POST /v1/purchases`: the
 *   same key answers the same trial, another body under it is 422 IDEMPOTENCY_KEY_REUSED):
 *   starts a trial of a paid tier (start-trial.ts); 201 with the license key and the trial end,
 *   or with `checkoutUrl` where the buyer saves a card first. A second trial of the plugin for
 *   the same email or the same machine fingerprint is 409 CONFLICT naming which.
 */
import { ZTrialStartInput } from '@marketdesk/shared';
import { parseRequest } from '../../platform/http/errors.ts';
import type { RegisterRoutes } from '../../platform/http/routes.ts';
import { parseIdempotencyKey } from '../payments/index.ts';
import { startTrial } from './start-trial.ts';

/** Registers the trial routes. Errors go to platform/http/errors.ts. */
export const registerTrialRoutes: RegisterRoutes = async (server, deps) => {
  server.post('/v1/trials', async (req, reply) => {
    const input = parseRequest(ZTrialStartInput, req.body);
    const trial = await startTrial(deps, { ...input, requestKey: parseIdempotencyKey(req.headers['idempotency-key']) });
    return reply.status(201).send(trial);
  });
};
