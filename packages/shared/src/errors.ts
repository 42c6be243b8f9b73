/**
 * Domain error codes and their one mapping to tRPC / HTTP codes (STYLE.md habits 3 and 4).
 * Services throw {@link AppError}; one middleware in the API maps it; the console reads
 * `userMessage` and the request id from the error's data.
 */
export const APP_ERROR_CODES = {
  UNAUTHENTICATED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INVALID_INPUT: 'BAD_REQUEST',
  IDEMPOTENCY_KEY_REUSED: 'UNPROCESSABLE_CONTENT',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  UPSTREAM_FAILED: 'BAD_GATEWAY',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_CODES;

/** HTTP status for each domain error, for the plain-HTTP endpoints (uploads, public APIs). */
export const APP_ERROR_HTTP_STATUS: Record<AppErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_INPUT: 400,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  PRECONDITION_FAILED: 412,
  UPSTREAM_FAILED: 502,
  INTERNAL: 500,
};
export type TrpcErrorCode = (typeof APP_ERROR_CODES)[AppErrorCode];

export interface AppErrorOptions {
  /** For logs; may contain internals. */
  message: string;
  /** Shown to the person in the console; defaults to `message`. */
  userMessage?: string;
  /** The input field at fault, when there is one (e.g. "email"). */
  field?: string;
  /** For RATE_LIMITED: seconds until the caller may try again. */
  retryAfterSeconds?: number;
  /** For UNAUTHENTICATED with a genuine token: why its session ended (SessionEndReason in auth.schema.ts). */
  sessionEndReason?: string;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly userMessage: string;
  readonly field?: string;
  readonly retryAfterSeconds?: number;
  readonly sessionEndReason?: string;

  constructor(code: AppErrorCode, options: AppErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.userMessage = options.userMessage ?? options.message;
    this.field = options.field;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.sessionEndReason = options.sessionEndReason;
  }
}

/** The `data` the API's error formatter adds to every tRPC error (read by the console). */
export interface ErrorData {
  code: string;
  httpStatus: number;
  requestId?: string;
  appCode?: AppErrorCode;
  userMessage?: string;
  field?: string;
  retryAfterSeconds?: number;
  /** UNAUTHORIZED for a session that ended: why (ACCESS_CHANGED, PASSWORD_RESET, …), so the console can say so. */
  sessionEndReason?: string;
  /** zod's flattened field errors, keyed by input field path. */
  fieldErrors?: Record<string, string[]>;
}
