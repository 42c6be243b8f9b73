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

export const ZMeOutput = z.object({
  user: ZSessionUser.nullable(),
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
