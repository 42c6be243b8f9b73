/**
 * Base procedures (STYLE.md habit 2): `publicProcedure`, `authedProcedure` (ctx.user is a
 * signed-in, enabled user whose session is open; ctx.sessionId is that session) and
 * `permissionProcedure(p)` (the user's roles grant `p` in PERMISSIONS). Domain errors are mapped to tRPC codes here, once.
 */
import { TRPCError } from '@trpc/server';
import { APP_ERROR_CODES, AppError, hasPermission, type Permission } from '@marketdesk/shared';
import { verifySession } from '../sessions.ts';
import { baseProcedure, middleware } from './init.ts';

const mapDomainErrors = middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) {
      if (cause.retryAfterSeconds !== undefined) ctx.setResponseHeader('Retry-After', String(cause.retryAfterSeconds));
      throw new TRPCError({ code: APP_ERROR_CODES[cause.code], message: cause.userMessage, cause });
    }
    if (result.error.code === 'INTERNAL_SERVER_ERROR') {
      ctx.deps.log.error({ err: cause ?? result.error, requestId: ctx.requestId }, 'procedure failed');
    }
  }
  return result;
});

/** Mutations must come from our own console: a cross-site form cannot set our header. */
const requireSameOriginForMutations = middleware(({ ctx, type, next }) => {
  if (type === 'mutation' && !ctx.isSameOrigin) {
    throw new AppError('FORBIDDEN', { message: 'Cross-site request refused: mutations need the console\'s x-marketdesk-client header and a same-origin Origin' });
  }
  return next();
});

/** Times each call into the app's metrics by path, type and outcome (after mapDomainErrors: the code the client gets). */
const observeProcedure = middleware(async ({ ctx, path, type, next }) => {
  const metrics = ctx.deps.metrics;
  if (!metrics) return next();
  const started = performance.now();
  const result = await next();
  metrics.observeProcedure(path, type, result.ok ? 'OK' : result.error.code, (performance.now() - started) / 1000);
  return result;
});

export const publicProcedure = baseProcedure.use(observeProcedure).use(mapDomainErrors).use(requireSameOriginForMutations);

export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const { user, sessionId } = await verifySession(ctx.deps, ctx.sessionToken);
  return next({ ctx: { ...ctx, user, sessionId } });
});

/** A procedure that only the roles granted `permission` in PERMISSIONS may call. */
export function permissionProcedure(permission: Permission) {
  return authedProcedure.meta({ permission }).use(({ ctx, next }) => {
    if (!hasPermission(ctx.user.roles, permission)) {
      throw new AppError('FORBIDDEN', { message: `Your roles (${ctx.user.roles.join(', ')}) do not allow ${permission}` });
    }
    return next();
  });
}
