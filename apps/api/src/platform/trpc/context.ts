/**
 * The per-request context. Built by the HTTP server from the request (session cookie, request
 * id, IP, origin check) and by tests from a user (`contextFor` in test/harness.ts).
 */
import type { AppDeps } from '../deps.ts';

export interface Context {
  deps: AppDeps;
  requestId: string;
  ip: string | null;
  /** The User-Agent header, stored on a new session for people reading it. */
  userAgent: string | null;
  /** The raw session token from the cookie, verified lazily by `authedProcedure`. */
  sessionToken: string | null;
  /** The raw known-client token from its cookie (a browser that signed in before), verified by sign-in. */
  knownClientToken: string | null;
  /** True when the request proved it came from our own console (custom header / Origin). */
  isSameOrigin: boolean;
  setSessionCookie(token: string, maxAgeSeconds: number): void;
  clearSessionCookie(): void;
  setKnownClientCookie(token: string, maxAgeSeconds: number): void;
  setResponseHeader(name: string, value: string): void;
}
