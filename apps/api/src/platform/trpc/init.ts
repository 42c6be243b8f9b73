/**
 * The one initTRPC (STYLE.md habit 1). Named base procedures live in procedures.ts; `t` is
 * never exported. The error formatter adds the request id, the domain error's user message
 * and zod's field errors to every error, so the console can show them.
 */
import { initTRPC } from '@trpc/server';
import superjson from 'superjson';
import { AppError, type ErrorData, type Permission } from '@marketdesk/shared';
import type { Context } from './context.ts';

/** Read by the permission matrix test: which permission a procedure requires, if any. */
export interface ProcedureMeta {
  permission?: Permission;
}

const t = initTRPC.context<Context>().meta<ProcedureMeta>().create({
  transformer: superjson,
  errorFormatter({ shape, error, ctx }) {
    const cause = error.cause;
    const { stack: _stack, ...baseData } = shape.data;
    const data: ErrorData = { ...baseData, requestId: ctx?.requestId };
    if (cause instanceof AppError) {
      data.appCode = cause.code;
      data.userMessage = cause.userMessage;
      if (cause.field) data.field = cause.field;
      if (cause.retryAfterSeconds !== undefined) data.retryAfterSeconds = cause.retryAfterSeconds;
      if (cause.sessionEndReason) data.sessionEndReason = cause.sessionEndReason;
    }
    const fieldErrors = readFieldErrors(cause);
    if (fieldErrors) {
      data.fieldErrors = fieldErrors;
      data.userMessage = Object.entries(fieldErrors)
        .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
        .join('; ');
    }
    if (error.code === 'INTERNAL_SERVER_ERROR' && !(cause instanceof AppError)) {
      // Internals stay in the log; the person gets the request id to quote.
      return { ...shape, message: 'Internal error', data };
    }
    return { ...shape, message: data.userMessage ?? shape.message, data };
  },
});

/** Zod (and any Standard Schema) issues → { "field.path": [messages] }. */
function readFieldErrors(cause: unknown): Record<string, string[]> | undefined {
  const issues = (cause as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return undefined;
  const result: Record<string, string[]> = {};
  for (const issue of issues as { path?: PropertyKey[]; message: string }[]) {
    const key = (issue.path ?? []).map((p) => (typeof p === 'object' ? String((p as { key: unknown }).key) : String(p))).join('.') || 'input';
    (result[key] ??= []).push(issue.message);
  }
  return result;
}

export const router = t.router;
export const middleware = t.middleware;
export const baseProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;
