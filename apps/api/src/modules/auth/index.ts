/**
 * Auth: passwords (argon2id) and sign-in with its lockout. The session token it issues is
 * verified by platform/sessions.ts, which the base procedures and HTTP routes use.
 */
export { hashPassword, verifyPassword } from './passwords.ts';
export { authRouter } from './router.ts';
export { signIn } from './sign-in.ts';
export type { SignInDeps, SignInInput, SignInResult } from './sign-in.ts';
