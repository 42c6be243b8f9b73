import { z } from 'zod';
import { ROLES } from '../auth/permissions.ts';

export const ZRole = z.enum(ROLES);
export const ZEmail = z.string().trim().toLowerCase().email('Enter a valid email address').max(254);

/** Passwords: 12–200 characters (NIST SP 800-63B: length over composition rules). */
export const ZNewPassword = z
  .string()
  .min(12, 'Password must be at least 12 characters')
  .max(200, 'Password must be at most 200 characters');

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
  search: z.string().trim().max(200).optional(),
  role: ZRole.optional(),
  status: z.enum(['active', 'disabled', 'all']).default('all'),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
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
  name: z.string().trim().min(1, 'Name is required').max(200),
  password: ZNewPassword,
  roles: z.array(ZRole).min(1, 'Give the account at least one role'),
});
export type UsersCreateInput = z.infer<typeof ZUsersCreateInput>;

export const ZUsersSetRolesInput = z.object({
  userId: z.string().min(1),
  roles: z.array(ZRole).min(1, 'Give the account at least one role'),
  reason: z.string().trim().max(500).optional(),
});

export const ZUsersSetDisabledInput = z.object({
  userId: z.string().min(1),
  reason: z.string().trim().max(500).optional(),
});
