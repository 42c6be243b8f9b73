/**
 * HTTP wiring only: Fastify with pino logs and a request id on every line and response,
 * /trpc (console API, compressed), /healthz, /readyz, /metrics (metrics.ts), and the built console at /
 * (http/console-assets.ts), and the one error mapper of plain HTTP routes. What is served comes from
 * app.ts: the tRPC router and each module's HTTP routes.
 */
import { randomUUID } from 'node:crypto';
import { constants as zlibConstants } from 'node:zlib';
import fastifyCookie from '@fastify/cookie';
import fastifyCompress from '@fastify/compress';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Database } from './db/database.ts';
import type { AnyTRPCRouter } from '@trpc/server';
import { registerConsoleAssets } from './http/console-assets.ts';
import { sendRestError } from './http/errors.ts';
import { isSameOrigin, type RegisterRoutes } from './http/routes.ts';
import { registerRateLimitStore } from './http/rate-limits.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerMetrics } from './metrics.ts';
import { KNOWN_CLIENT_COOKIE, SESSION_COOKIE } from './sessions.ts';
import type { AppDeps } from './deps.ts';
import type { Context } from './trpc/context.ts';

const REQUEST_ID_PATTERN = /^[\w.:-]{1,128}$/;
const API_PREFIXES = ['/trpc', '/v1/', '/webhooks/', '/uploads/', '/healthz', '/readyz', '/metrics', '/.well-known/'];

export interface ServerOptions {
  deps: AppDeps;
  db: Database;
  /** Migration names expected applied, for /readyz. */
  expectedMigrations: string[];
  /** The console API, served at /trpc (routers.ts). */
  router: AnyTRPCRouter;
  /** Each module's plain HTTP routes (its http.ts). */
  routes: RegisterRoutes[];
}

/** Builds the Fastify server (not listening yet). */
export async function buildServer({ deps, db, expectedMigrations, router, routes }: ServerOptions): Promise<FastifyInstance> {
  const server = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
    },
    trustProxy: deps.config.isBehindProxy,
    bodyLimit: 1024 * 1024,
  });
  server.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // Before every route: its timing hook must reach them all (platform/metrics.ts).
  if (deps.metrics) registerMetrics(server, deps.metrics, deps.config);
  server.setErrorHandler(sendRestError);
  await server.register(fastifyCookie);
  await registerSecurityHeaders(server, deps.config);
  await registerRateLimitStore(server, deps.config, deps.log);

  server.get('/healthz', async () => ({ status: 'ok' }));
  server.get('/readyz', async (req, reply) => {
    try {
      const rows = await db.query<{ migration_name: string }>(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      );
      const applied = new Set(rows.map((r) => r.migration_name));
      const pending = expectedMigrations.filter((name) => !applied.has(name));
      if (pending.length > 0) return reply.status(503).send({ status: 'migrations pending', pending, requestId: req.id });
      return { status: 'ready', database: db.kind };
    } catch (error) {
      req.log.warn({ err: error }, 'readiness check failed');
      return reply.status(503).send({ status: 'database unreachable', requestId: req.id });
    }
  });

  // The console API's answers (lists, reports) compress well; only this scope pays for it, so
  // the license API and webhooks (small bodies, hot paths) are not touched. Brotli at quality 4:
  // near gzip's CPU cost with smaller output (the default, 11, is meant for static files).
  await server.register(async (scope) => {
    await scope.register(fastifyCompress, {
      threshold: 1024,
      encodings: ['br', 'gzip'],
      brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
    });
    await scope.register(fastifyTRPCPlugin, {
      prefix: '/trpc',
      trpcOptions: {
        router,
        createContext: ({ req, res }: { req: FastifyRequest; res: FastifyReply }) => createRequestContext(deps, req, res),
      },
    } satisfies FastifyTRPCPluginOptions<AnyTRPCRouter>);
  });

  for (const register of routes) await register(server, deps, db);
  await registerConsoleAssets(server, deps.config.consoleDir, API_PREFIXES);
  return server;
}

function createRequestContext(deps: AppDeps, req: FastifyRequest, reply: FastifyReply): Context {
  // Our cookies: httpOnly, SameSite=Strict, Secure over HTTPS or when the config says so.
  const cookieOptions = (path: string, maxAge: number) => ({
    httpOnly: true, sameSite: 'strict' as const, secure: deps.config.isCookieSecure || req.protocol === 'https', path, maxAge,
  });
  return {
    // Services log through the request's logger, so every line (and a refund's sync) carries its reqId.
    deps: { ...deps, log: req.log as Logger },
    requestId: req.id,
    ip: req.ip ?? null,
    userAgent: req.headers['user-agent'] ?? null,
    sessionToken: req.cookies[SESSION_COOKIE] ?? null,
    knownClientToken: req.cookies[KNOWN_CLIENT_COOKIE] ?? null,
    isSameOrigin: isSameOrigin(req),
    setSessionCookie(token, maxAgeSeconds) {
      reply.setCookie(SESSION_COOKIE, token, cookieOptions('/', maxAgeSeconds));
    },
    clearSessionCookie() {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    },
    setKnownClientCookie(token, maxAgeSeconds) {
      // Only sign-in reads it; '/trpc' rather than the procedure's path, which a batched call does not match.
      reply.setCookie(KNOWN_CLIENT_COOKIE, token, cookieOptions('/trpc', maxAgeSeconds));
    },
    setResponseHeader(name, value) {
      reply.header(name, value);
    },
  };
}
