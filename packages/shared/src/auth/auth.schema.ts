import { z } from 'zod';
import { zText } from '../text.ts';
import { ZEmail, ZNewPassword, ZRole } from '../users/users.schema.ts';

export const ZSignInInput = z.object({
  email: ZEmail,
  password: zText({ min: 1, minMessage: 'Enter your password', max: 200, isTrimmed: false, isMultiline: true }),
});
export type SignInInput = z.infer<typeof ZSignInInput>;

export const ZSessionUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  roles: z.array(ZRole),
  creatorId: z.string().nullable(),
});
export type SessionUser = z.infer<typeof ZSessionUser>;

/**
 * Why a session ended before it expired (Session.revokedReason), told to the person whose
 * session it was — only after their token's signature checked out, so a stranger learns nothing.
 */
export const ZSessionEndReason = z.enum(['SIGNED_OUT', 'PASSWORD_CHANGED', 'PASSWORD_RESET', 'ACCESS_CHANGED', 'ACCOUNT_DISABLED', 'EXPIRED']);
export type SessionEndReason = z.infer<typeof ZSessionEndReason>;

/** The sentence for each reason: the API's error message and the sign-in page's notice. */
export const SESSION_END_MESSAGES: Record<SessionEndReason, string> = {
  SIGNED_OUT: 'You signed out; sign in again',
  PASSWORD_CHANGED: 'Your password was changed; sign in again',
  PASSWORD_RESET: 'Your password was reset by an administrator; sign in again',
  ACCESS_CHANGED: 'Your roles were changed by an administrator; sign in again',
  ACCOUNT_DISABLED: 'Your account has been disabled',
  EXPIRED: 'Your session has expired; sign in again',
};

export const ZMeOutput = z.object({
  user: ZSessionUser.nullable(),
  /** When the request carried a genuine token of a session that has ended: why (then `user` is null). */
  sessionEndReason: ZSessionEndReason.nullable().optional(),
  /** "stripe" when STRIPE_SECRET_KEY is set, "emulator" otherwise. */
  stripeMode: z.enum(['stripe', 'emulator']),
});

/** The signed-in user's own password change: the current one, and a new one that differs from it. */
export const ZChangePasswordInput = z
  .object({
    currentPassword: zText({ min: 1, minMessage: 'Enter your current password', max: 200, isTrimmed: false, isMultiline: true }),
    newPassword: ZNewPassword,
  })
  .refine((input) => input.newPassword !== input.currentPassword, { message: 'Choose a password other than the current one', path: ['newPassword'] });
export type ChangePasswordInput = z.infer<typeof ZChangePasswordInput>;

export const ZChangePasswordOutput = z.object({
  /** How many of the user's other sessions the change ended. */
  endedSessions: z.number().int(),
});
