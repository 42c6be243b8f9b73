import { describe, expect, it } from 'vitest';
import { hasPermission, PERMISSIONS, ROLES } from '../src/auth/permissions.ts';

describe('PERMISSIONS', () => {
  it('grants every permission to known roles only, and ADMIN manages staff alone', () => {
    for (const roles of Object.values(PERMISSIONS)) {
      expect(roles.length).toBeGreaterThan(0);
      for (const role of roles) expect(ROLES).toContain(role);
    }
    expect(PERMISSIONS['users.manage']).toEqual(['ADMIN']);
    expect(PERMISSIONS['audit.read']).toEqual(['ADMIN']);
  });

  it('answers for a set of roles', () => {
    expect(hasPermission(['SUPPORT'], 'licenses.manage')).toBe(true);
    expect(hasPermission(['SUPPORT'], 'refund.create')).toBe(false);
    expect(hasPermission(['SUPPORT', 'FINANCE'], 'refund.create')).toBe(true);
    expect(hasPermission([], 'users.read')).toBe(false);
    // Creators read only their own data: no staff permission reaches them.
    expect(hasPermission(['CREATOR'], 'finance.read')).toBe(false);
    expect(hasPermission(['CREATOR'], 'queue.decide')).toBe(false);
  });
});
