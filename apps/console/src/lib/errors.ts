/**
 * Reading the API's errors: every tRPC error carries ErrorData (packages/shared/src/errors.ts)
 * with the request id to quote, a message meant for people, and zod's field errors.
 */
import { TRPCClientError } from '@trpc/client';
import type { ErrorData } from '@marketdesk/shared';

/** The ErrorData of an API error, or undefined for anything else (network failure, bug). */
export function readErrorData(error: unknown): ErrorData | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;
  return data && typeof data === 'object' && 'code' in data ? (data as ErrorData) : undefined;
}

/** True when the API refused the request for want of a valid session. */
export function isUnauthorized(error: unknown): boolean {
  return readErrorData(error)?.code === 'UNAUTHORIZED';
}

/** A sentence to show a person: the API's user message, else the error's own message. */
export function describeError(error: unknown): string {
  const data = readErrorData(error);
  if (data?.userMessage) return data.userMessage;
  if (error instanceof TRPCClientError && !data) return 'Marketdesk could not be reached. Check your connection and try again.';
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/** The id of the failing request, for quoting to whoever reads the server logs. */
export function readRequestId(error: unknown): string | undefined {
  return readErrorData(error)?.requestId;
}
