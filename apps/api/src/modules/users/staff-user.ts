/** The columns of a staff account that leave the API (never the password hash). */
import type { Role, StaffUser } from '@marketdesk/shared';

export const STAFF_USER_SELECT = {
  id: true,
  email: true,
  name: true,
  roles: true,
  disabledAt: true,
  lastSignInAt: true,
  createdAt: true,
} as const;

interface StaffUserRow {
  id: string;
  email: string;
  name: string;
  roles: string[];
  disabledAt: Date | null;
  lastSignInAt: Date | null;
  createdAt: Date;
}

export function toStaffUser(row: StaffUserRow): StaffUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: row.roles as Role[],
    isDisabled: row.disabledAt !== null,
    lastSignInAt: row.lastSignInAt,
    createdAt: row.createdAt,
  };
}
