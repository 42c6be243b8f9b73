/**
 * The per-request context. Built by the HTTP server from the request (session cookie, request
 * id, IP, origin check) and by tests from a user (`contextFor` in test/harness.ts).
 */
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { SessionKeys } from '../services/auth/sessions.ts';
import type { StripeAccess } from '../stripe/client.ts';

/** Long-lived things every request shares; made once at boot. */
export interface AppDeps {
  prisma: PrismaClient;
  config: Config;
  sessionKeys: SessionKeys;
  log: Logger;
  /** Stripe or its emulator; null in a process started without it (tests of other features). */
  stripe: StripeAccess | null;
}

export interface Context {
  deps: AppDeps;
  requestId: string;
  ip: string | null;
  /** The raw session token from the cookie, verified lazily by `authedProcedure`. */
  sessionToken: string | null;
  /** True when the request proved it came from our own console (custom header / Origin). */
  isSameOrigin: boolean;
  setSessionCookie(token: string, maxAgeSeconds: number): void;
  clearSessionCookie(): void;
  setResponseHeader(name: string, value: string): void;
}
