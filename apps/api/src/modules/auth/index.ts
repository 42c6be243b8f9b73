/**
 * Auth: passwords (argon2id), sign-in with its throttling and known clients, sign-out and the
 * user's own password change. Sessions are started and verified by platform/sessions.ts, which
 * the base procedures and HTTP routes use.
 */
export { hashPassword, verifyPassword } from './passwords.ts';
export { listLockedOutEmails } from './locked-out-accounts.ts';
export { authRouter } from './router.ts';
export { PURGE_INTERVAL_MS, purgeSignInState } from './purge-sign-in-state.ts';
export { signIn } from './sign-in.ts';
export type { SignInDeps, SignInInput, SignInResult } from './sign-in.ts';
