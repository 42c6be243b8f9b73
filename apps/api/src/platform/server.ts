/**
 * HTTP wiring only: Fastify with pino logs and a request id on every line and response,
 * /trpc (console API), /healthz, /readyz, and the built console at / with client-side
 * routing fallback. Everything else is in routers/ and services/.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Database } from './db/database.ts';
import { registerLicenseRoutes } from './http/licenses.ts';
import { registerMoneyRoutes } from './http/money.ts';
import { registerUploadRoutes } from './http/uploads.ts';
import { appRouter, type AppRouter } from './routers/_app.ts';
import { SESSION_COOKIE } from './services/auth/sessions.ts';
import type { AppDeps, Context } from './trpc/context.ts';

/** The header our console sends on every request; a cross-site form cannot set it. */
export const CONSOLE_CLIENT_HEADER = 'x-marketdesk-client';
const REQUEST_ID_PATTERN = /^[\w.:-]{1,128}$/;
const API_PREFIXES = ['/trpc', '/v1/', '/webhooks/', '/uploads/', '/healthz', '/readyz', '/.well-known/'];

export interface ServerOptions {
  deps: AppDeps;
  db: Database;
  /** Migration names expected applied, for /readyz. */
  expectedMigrations: string[];
}

/** Builds the Fastify server (not listening yet). */
export async function buildServer({ deps, db, expectedMigrations }: ServerOptions): Promise<FastifyInstance> {
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
  server.setErrorHandler((error: { statusCode?: number; message: string }, req, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) req.log.error({ err: error }, 'request failed');
    reply.status(status).send({ error: status >= 500 ? 'Internal error' : error.message, requestId: req.id });
  });
  await server.register(fastifyCookie);

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

  await server.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: ({ req, res }: { req: FastifyRequest; res: FastifyReply }) => createRequestContext(deps, req, res),
    },
  } satisfies FastifyTRPCPluginOptions<AppRouter>);

  await registerUploadRoutes(server, deps, isSameOrigin);
  await registerMoneyRoutes(server, deps);
  await registerLicenseRoutes(server, deps, (sql, params) => db.query(sql, params));
  await registerConsole(server, deps.config.consoleDir);
  return server;
}

/** The request carries our client header and, when the browser sent one, our own Origin. */
function isSameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  return req.headers[CONSOLE_CLIENT_HEADER] === 'console' && (origin === undefined || origin === `${req.protocol}://${req.host}`);
}

function createRequestContext(deps: AppDeps, req: FastifyRequest, reply: FastifyReply): Context {
  return {
    deps,
    requestId: req.id,
    ip: req.ip ?? null,
    sessionToken: req.cookies[SESSION_COOKIE] ?? null,
    isSameOrigin: isSameOrigin(req),
    setSessionCookie(token, maxAgeSeconds) {
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.config.isCookieSecure || req.protocol === 'https',
        path: '/',
        maxAge: maxAgeSeconds,
      });
    },
    clearSessionCookie() {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    },
    setResponseHeader(name, value) {
      reply.header(name, value);
    },
  };
}

/** Serves the built console; unknown GETs outside the API fall back to index.html (client-side routes). */
async function registerConsole(server: FastifyInstance, consoleDir: string): Promise<void> {
  const hasConsole = existsSync(path.join(consoleDir, 'index.html'));
  if (hasConsole) await server.register(fastifyStatic, { root: consoleDir, wildcard: false, index: ['index.html'] });
  server.setNotFoundHandler((req, reply) => {
    const isApi = API_PREFIXES.some((prefix) => req.url.startsWith(prefix));
    if (req.method === 'GET' && !isApi && hasConsole && !path.extname(req.url.split('?')[0] ?? '')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send({ error: `No route for ${req.method} ${req.url.split('?')[0]}`, requestId: req.id });
  });
}
