import { z } from 'zod';
import { zId, ZPageNumber, zPageSize, zText } from '../text.ts';
import { ROLES } from '../auth/permissions.ts';

export const ZRole = z.enum(ROLES);
const ZRoles = z.array(ZRole).min(1, 'Give the account at least one role').max(ROLES.length, 'each role at most once');
export const ZEmail = zText({ max: 254 }).toLowerCase().email('Enter a valid email address');

/** Passwords: 12–200 characters (NIST SP 800-63B: length over composition rules). */
export const ZNewPassword = zText({
  min: 12, minMessage: 'Password must be at least 12 characters',
  max: 200, maxMessage: 'Password must be at most 200 characters',
  isTrimmed: false, isMultiline: true,
});

export const ZStaffUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  roles: z.array(ZRole),
  isDisabled: z.boolean(),
  lastSignInAt: z.date().nullable(),
  createdAt: z.date(),
});
export type StaffUser = z.infer<typeof ZStaffUser>;

export const ZUsersListInput = z.object({
  search: zText({ max: 200 }).optional(),
  role: ZRole.optional(),
  /** `locked`: the sign-in throttle currently refuses the account's email from some network (auth's listLockedOutEmails). */
  status: z.enum(['active', 'disabled', 'locked', 'all']).default('all'),
  page: ZPageNumber,
  pageSize: zPageSize(100, 25),
});
export type UsersListInput = z.input<typeof ZUsersListInput>;
export const ZUsersListOutput = z.object({
  items: z.array(ZStaffUser),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const ZUsersCreateInput = z.object({
  email: ZEmail,
  name: zText({ min: 1, minMessage: 'Name is required', max: 200 }),
  password: ZNewPassword,
  roles: ZRoles,
});
export type UsersCreateInput = z.infer<typeof ZUsersCreateInput>;

export const ZUsersSetRolesInput = z.object({
  userId: zId(),
  roles: ZRoles,
  reason: zText({ max: 500, isMultiline: true }).optional(),
});

export const ZUsersSetDisabledInput = z.object({
  userId: zId(),
  reason: zText({ max: 500, isMultiline: true }).optional(),
});

/** An administrator sets a new password for a staff account; every session of that account ends. */
export const ZUsersResetPasswordInput = z.object({
  userId: zId(),
  newPassword: ZNewPassword,
  reason: zText({ max: 500, isMultiline: true }).optional(),
});
