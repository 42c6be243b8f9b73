/**
 * Every tRPC procedure × every role (and anonymous): allowed or refused exactly as PERMISSIONS
 * says. A new procedure without a permission fails here unless it is listed as public or as
 * open to every signed-in user below.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, type Permission, type Role } from '@marketdesk/shared';
import { appRouter } from '../src/routers.ts';
import type { ProcedureMeta } from '../src/platform/trpc/init.ts';
import { contextFor, createCaller, createTestUser, openTestDatabase, testDeps, type TestDatabase } from './harness.ts';

/** Procedures anyone may call, signed in or not. */
const PUBLIC_PROCEDURES = new Set(['auth.signIn', 'auth.me']);
/** Procedures every signed-in user may call, whatever their roles. */
const SIGNED_IN_PROCEDURES = new Set(['auth.signOut', 'auth.changePassword', 'home.attention', 'seeding.status']);

interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription'; meta?: ProcedureMeta };
}
// At run time `_def.procedures` is flat, keyed by dotted path ("users.list").
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>);

function expectedAccess(path: string, role: Role | 'ANONYMOUS'): boolean {
  if (PUBLIC_PROCEDURES.has(path)) return true;
  if (role === 'ANONYMOUS') return false;
  if (SIGNED_IN_PROCEDURES.has(path)) return true;
  const permission = (procedures.find(([p]) => p === path)?.[1]._def.meta?.permission) as Permission;
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

let db: TestDatabase;
const users = new Map<Role, { id: string }>();

beforeAll(async () => {
  db = await openTestDatabase();
  for (const role of ROLES) users.set(role, await createTestUser(db.prisma, [role]));
});
afterAll(async () => db?.close());

describe('permission matrix', () => {
  it('covers at least the foundation procedures', () => {
    expect(procedures.map(([path]) => path)).toEqual(expect.arrayContaining(['auth.signIn', 'auth.me', 'auth.signOut', 'users.list', 'users.create', 'users.setRoles', 'users.disable', 'users.enable', 'audit.list']));
  });

  it.each(procedures.map(([path]) => path))('%s names a permission or is listed as public/signed-in', (path) => {
    const meta = procedures.find(([p]) => p === path)![1]._def.meta;
    const isListed = PUBLIC_PROCEDURES.has(path) || SIGNED_IN_PROCEDURES.has(path);
    expect(isListed || (meta?.permission !== undefined && meta.permission in PERMISSIONS), `${path} has no permission in PERMISSIONS`).toBe(true);
  });

  const cases = procedures.flatMap(([path, procedure]) =>
    [...ROLES, 'ANONYMOUS' as const].map((role) => ({ path, role, type: procedure._def.type })),
  );

  it.each(cases)('$path as $role', async ({ path, role, type }) => {
    if (type === 'subscription') return;
    const user = role === 'ANONYMOUS' ? null : users.get(role)!;
    const ctx = await contextFor(testDeps(db), user);
    const caller = createCaller(ctx) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
    const [namespace, name] = path.split('.') as [string, string];
    // No input: an allowed call gets past authorization and fails validation (or succeeds);
    // a refused one stops at UNAUTHORIZED / FORBIDDEN before its input is read.
    const outcome = await caller[namespace]![name]!(undefined).then(
      () => 'OK',
      (error: unknown) => (error instanceof TRPCError ? error.code : `unexpected ${String(error)}`),
    );
    const isRefused = outcome === 'UNAUTHORIZED' || outcome === 'FORBIDDEN';
    expect(outcome).not.toMatch(/^unexpected|INTERNAL_SERVER_ERROR/);
    expect(isRefused ? 'refused' : 'allowed').toBe(expectedAccess(path, role) ? 'allowed' : 'refused');
    if (isRefused) expect(outcome).toBe(role === 'ANONYMOUS' ? 'UNAUTHORIZED' : 'FORBIDDEN');
  });
});
