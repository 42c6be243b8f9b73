/**
 * The console's pages as data: route, label, icon and the permission (from the one PERMISSIONS
 * map in packages/shared) that a role needs to see it. Navigation and routes are both built from
 * this list, so a new page is one line here — e.g. the review queue:
 *   { route: '/review-queue', label: 'Review queue', icon: IconInbox, permission: 'queue.read', page: lazy(() => import(…)) }
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { IconHome, IconListSearch, IconUsers, type Icon } from '@tabler/icons-react';
import { hasPermission, type Permission, type Role } from '@marketdesk/shared';

export interface ConsoleArea {
  route: string;
  label: string;
  icon: Icon;
  /** null: every signed-in role. */
  permission: Permission | null;
  page: LazyExoticComponent<ComponentType>;
}

export const CONSOLE_AREAS: readonly ConsoleArea[] = [
  { route: '/', label: 'Home', icon: IconHome, permission: null, page: lazy(() => import('./features/home/Home.page.tsx')) },
  { route: '/staff-accounts', label: 'Staff accounts', icon: IconUsers, permission: 'users.read', page: lazy(() => import('./features/staff-accounts/StaffAccounts.page.tsx')) },
  { route: '/audit-log', label: 'Audit log', icon: IconListSearch, permission: 'audit.read', page: lazy(() => import('./features/audit-log/AuditLog.page.tsx')) },
];

/** The areas `roles` may use, in navigation order. */
export function listAreasFor(roles: readonly Role[]): ConsoleArea[] {
  return CONSOLE_AREAS.filter((area) => area.permission === null || hasPermission(roles, area.permission));
}
