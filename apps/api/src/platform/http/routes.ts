/**
 * What the server needs from a module's plain HTTP routes, and the same-origin rule they share
 * with tRPC mutations. Each module's `http.ts` exports one {@link RegisterRoutes}; app.ts hands
 * them to the server, so the platform never imports a module.
 */
import type {} from '@fastify/cookie'; // its request.cookies, for the routes that read the session cookie
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import type { AppDeps } from '../deps.ts';

/** Registers a module's routes on `server`; `db.query` runs a statement directly (hot paths). Throw AppError: platform/http/errors.ts answers. */
export type RegisterRoutes = (server: FastifyInstance, deps: AppDeps, db: Pick<Database, 'query'>) => Promise<void>;

/** The header our console sends on every request; a cross-site form cannot set it. */
export const CONSOLE_CLIENT_HEADER = 'x-marketdesk-client';

/** The request carries our client header and, when the browser sent one, our own Origin. */
export function isSameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  return req.headers[CONSOLE_CLIENT_HEADER] === 'console' && (origin === undefined || origin === `${req.protocol}://${req.host}`);
}
