/**
 * Staff administration and the audit log through the tRPC caller on a real database:
 * every mutation writes its audit row in the same transaction, the log is append-only in
 * the database itself, the last admin cannot be removed, and listing filters and pages.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFor, createCaller, createTestUser, openTestDatabase, testDeps, type TestDatabase } from './harness.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());

async function adminCaller() {
  const admin = await createTestUser(db.prisma, ['ADMIN']);
  const ctx = await contextFor(testDeps(db), admin, { ip: '203.0.113.7' });
  return { admin, ctx, caller: createCaller(ctx) };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(() => 'OK', (error: unknown) => (error instanceof TRPCError ? error.code : String(error)));
}

describe('staff accounts', () => {
  it('creates an account, audited with who, what, after, request id and IP', async () => {
    const { admin, ctx, caller } = await adminCaller();
    const created = await caller.users.create({ email: ' New.Person@Example.TEST ', name: 'New Person', password: 'a long enough password', roles: ['SUPPORT', 'SUPPORT'] });
    expect(created).toMatchObject({ email: 'new.person@example.test', roles: ['SUPPORT'], isDisabled: false });
    expect(created).not.toHaveProperty('passwordHash');
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { targetId: created.id } });
    expect(audit).toMatchObject({ actorId: admin.id, actorEmail: admin.email, action: 'users.create', targetType: 'User', requestId: ctx.requestId, ip: '203.0.113.7', before: null });
    expect(audit.after).toMatchObject({ email: 'new.person@example.test', roles: ['SUPPORT'] });
    expect(JSON.stringify(audit.after)).not.toMatch(/argon2/);
  });

  it('refuses a taken email with CONFLICT on the email field and writes nothing', async () => {
    const { caller } = await adminCaller();
    const existing = await createTestUser(db.prisma, ['FINANCE']);
    const auditBefore = await db.prisma.auditLog.count();
    const error = await caller.users.create({ email: existing.email, name: 'Dup', password: 'a long enough password', roles: ['FINANCE'] }).catch((e: TRPCError) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('CONFLICT');
    expect((error as TRPCError).message).toMatch(/already exists/);
    expect(await db.prisma.auditLog.count()).toBe(auditBefore);
  });

  it('refuses short passwords and empty role lists, naming the field', async () => {
    const { caller } = await adminCaller();
    const error = await caller.users.create({ email: 'short@example.test', name: 'S', password: 'short', roles: [] }).catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    const issues = ((error as TRPCError).cause as unknown as { issues: { path: string[]; message: string }[] }).issues;
    expect(issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['password', 'roles']));
  });

  it('sets roles, disables and enables, each audited with before/after and reason', async () => {
    const { caller } = await adminCaller();
    const target = await createTestUser(db.prisma, ['SUPPORT']);
    const targetSession = await contextFor(testDeps(db), target);
    const updated = await caller.users.setRoles({ userId: target.id, roles: ['SUPPORT', 'FINANCE'], reason: 'covering finance' });
    expect(updated.roles).toEqual(['SUPPORT', 'FINANCE']);
    expect((await caller.users.disable({ userId: target.id, reason: 'on leave' })).isDisabled).toBe(true);
    expect((await caller.users.enable({ userId: target.id })).isDisabled).toBe(false);
    const rows = await db.prisma.auditLog.findMany({ where: { targetId: target.id }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.action, r.reason])).toEqual([
      ['users.setRoles', 'covering finance'],
      ['users.disable', 'on leave'],
      ['users.enable', null],
    ]);
    expect(rows[0]!.before).toMatchObject({ roles: ['SUPPORT'] });
    expect(rows[0]!.after).toMatchObject({ roles: ['SUPPORT', 'FINANCE'] });
    // The role change ended the target's session (sessions.test.ts follows this over HTTP).
    expect(await codeOf(createCaller(targetSession).auth.changePassword({ currentPassword: 'x', newPassword: 'a new long password' }))).toBe('UNAUTHORIZED');
    expect(await db.prisma.session.findMany({ where: { userId: target.id }, select: { revokedReason: true } })).toEqual([{ revokedReason: 'ACCESS_CHANGED' }]);
  });

  it('never removes or disables the last enabled admin', async () => {
    const lonely = await openTestDatabase();
    try {
      const admin = await createTestUser(lonely.prisma, ['ADMIN']);
      const caller = createCaller(await contextFor(testDeps(lonely), admin));
      expect(await codeOf(caller.users.setRoles({ userId: admin.id, roles: ['SUPPORT'] }))).toBe('PRECONDITION_FAILED');
      expect(await codeOf(caller.users.disable({ userId: admin.id }))).toBe('PRECONDITION_FAILED');
      expect(await lonely.prisma.auditLog.count()).toBe(0);
      const second = await createTestUser(lonely.prisma, ['ADMIN']);
      expect(await codeOf(caller.users.disable({ userId: second.id }))).toBe('OK');
      expect(await codeOf(caller.users.setRoles({ userId: admin.id, roles: ['SUPPORT'] }))).toBe('PRECONDITION_FAILED');
      expect(await codeOf(caller.users.enable({ userId: second.id }))).toBe('OK');
      // Re-reads the session: the admin's own session is still open, so the caller still works.
      expect(await codeOf(caller.users.setRoles({ userId: admin.id, roles: ['SUPPORT'] }))).toBe('OK');
    } finally {
      await lonely.close();
    }
  });

  it('returns NOT_FOUND for an unknown user', async () => {
    const { caller } = await adminCaller();
    expect(await codeOf(caller.users.disable({ userId: 'no-such-user' }))).toBe('NOT_FOUND');
  });

  it('lists with search, role and status filters and pages', async () => {
    const { caller } = await adminCaller();
    const tag = `zz${Date.now()}`;
    for (let i = 0; i < 3; i += 1) await createTestUser(db.prisma, ['MODERATOR'], { email: `${tag}-${i}@example.test` });
    const disabled = await createTestUser(db.prisma, ['FINANCE'], { email: `${tag}-x@example.test` });
    await db.prisma.user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    const page1 = await caller.users.list({ search: tag.toUpperCase(), pageSize: 2 });
    expect(page1.total).toBe(4);
    expect(page1.items.map((u) => u.email)).toEqual([`${tag}-0@example.test`, `${tag}-1@example.test`]);
    const page2 = await caller.users.list({ search: tag, pageSize: 2, page: 2 });
    expect(page2.items.map((u) => u.email)).toEqual([`${tag}-2@example.test`, `${tag}-x@example.test`]);
    expect((await caller.users.list({ search: tag, role: 'MODERATOR' })).total).toBe(3);
    expect((await caller.users.list({ search: tag, status: 'disabled' })).items.map((u) => u.id)).toEqual([disabled.id]);
  });
});

describe('audit log', () => {
  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const { caller } = await adminCaller();
    await caller.users.create({ email: `append-only-${Date.now()}@example.test`, name: 'A', password: 'a long enough password', roles: ['SUPPORT'] });
    const count = await db.prisma.auditLog.count();
    await expect(db.query('UPDATE "AuditLog" SET reason = $1', ['rewritten'])).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM "AuditLog"')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE "AuditLog"')).rejects.toThrow(/append-only/);
    await expect(db.prisma.auditLog.deleteMany({})).rejects.toThrow();
    expect(await db.prisma.auditLog.count()).toBe(count);
    expect(await db.prisma.auditLog.count({ where: { reason: 'rewritten' } })).toBe(0);
  });

  it('filters by actor, action, target and date range, newest first, with keyset pages', async () => {
    const { admin, caller } = await adminCaller();
    const target = await createTestUser(db.prisma, ['SUPPORT']);
    const started = new Date(Date.now() - 1000);
    for (const roles of [['FINANCE'], ['SUPPORT'], ['FINANCE', 'SUPPORT'], ['MODERATOR'], ['SUPPORT']] as const) {
      await caller.users.setRoles({ userId: target.id, roles: [...roles] });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await caller.audit.list({ actor: admin.email, targetId: target.id, limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect([...seen].sort((a, b) => Number(BigInt(b) - BigInt(a)))).toEqual(seen);
    expect((await caller.audit.list({ action: 'users.setRoles', targetType: 'User', targetId: target.id, from: started, to: new Date(Date.now() + 1000) })).items).toHaveLength(5);
    expect((await caller.audit.list({ targetId: target.id, to: started })).items).toHaveLength(0);
    expect(await codeOf(caller.audit.list({ cursor: 'bogus' }))).toBe('BAD_REQUEST');
    expect(await codeOf(caller.audit.list({ from: new Date(), to: started }))).toBe('BAD_REQUEST');
  });
});

describe('ledger constraints', () => {
  it('refuses a ledger transaction whose entries do not sum to zero, and anything but inserts', async () => {
    const tx = 'ltx-test';
    await expect(db.prisma.$transaction([
      db.prisma.ledgerTransaction.create({ data: { id: tx, externalKey: 'test:unbalanced', kind: 'test', occurredAt: new Date() } }),
      db.prisma.ledgerEntry.create({ data: { transactionId: tx, accountType: 'BUYER_PAYMENTS', amount: 1000n, currency: 'usd', occurredAt: new Date() } }),
      db.prisma.ledgerEntry.create({ data: { transactionId: tx, accountType: 'PLATFORM_FEES', amount: -999n, currency: 'usd', occurredAt: new Date() } }),
    ])).rejects.toThrow(/does not balance/);
    expect(await db.prisma.ledgerTransaction.count({ where: { id: tx } })).toBe(0);
    await db.prisma.$transaction([
      db.prisma.ledgerTransaction.create({ data: { id: tx, externalKey: 'test:balanced', kind: 'test', occurredAt: new Date() } }),
      db.prisma.ledgerEntry.create({ data: { transactionId: tx, accountType: 'BUYER_PAYMENTS', amount: 1000n, currency: 'usd', occurredAt: new Date() } }),
      db.prisma.ledgerEntry.create({ data: { transactionId: tx, accountType: 'PLATFORM_FEES', amount: -1000n, currency: 'usd', occurredAt: new Date() } }),
    ]);
    await expect(db.query('UPDATE "LedgerEntry" SET amount = 0')).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM "LedgerTransaction"')).rejects.toThrow(/append-only/);
  });
});
