/**
 * The pickers' look-ups (reference.plugins, reference.creators) through the tRPC caller on the
 * real database: part of a name finds it, case-insensitively; the chosen ids are named whatever
 * the query; staff may ask, a creator may not (catalog.read).
 */
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCreator, createPlugin } from './factories.ts';
import { contextFor, createCaller, createTestUser, openTestDatabase, testDeps, type TestDatabase } from './harness.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());

async function callerFor(role: 'FINANCE' | 'SUPPORT' | 'MODERATOR' | 'CREATOR') {
  return createCaller(await contextFor(testDeps(db), await createTestUser(db.prisma, [role])));
}

describe('reference pickers', () => {
  it('finds a plugin by part of its name, and names the chosen ids', async () => {
    const creator = await createCreator(db.prisma);
    const unique = randomUUID().slice(0, 8);
    const plugin = await db.prisma.plugin.create({ data: { name: `@acme/Picker-${unique}-lint`, creatorId: creator.id, priceAmount: 900 } });
    const other = await createPlugin(db.prisma, creator.id);
    const caller = await callerFor('FINANCE');

    const found = await caller.reference.plugins({ query: `picker-${unique.toUpperCase()}` });
    expect(found.items).toEqual([{ id: plugin.id, name: plugin.name, detail: creator.displayName }]);

    const named = await caller.reference.plugins({ query: `picker-${unique}`, ids: [other.id] });
    expect(named.items.map((item) => item.id)).toEqual([other.id, plugin.id]); // the chosen value first
    expect((await caller.reference.plugins({ query: 'no plugin is called this' })).items).toEqual([]);
  });

  it('finds a creator by display name or slug', async () => {
    const creator = await createCreator(db.prisma);
    const caller = await callerFor('MODERATOR');
    expect((await caller.reference.creators({ query: creator.displayName.toLowerCase() })).items).toContainEqual({ id: creator.id, name: creator.displayName, detail: creator.slug });
    expect((await caller.reference.creators({ query: creator.slug.slice(1) })).items.map((item) => item.id)).toEqual([creator.id]);
    expect((await caller.reference.creators({ ids: [creator.id] })).items[0]).toMatchObject({ id: creator.id, name: creator.displayName });
  });

  it('refuses a creator (no catalog.read) and bounds its input', async () => {
    const caller = await callerFor('CREATOR');
    for (const ask of [() => caller.reference.plugins({ query: 'a' }), () => caller.reference.creators({ query: 'a' })]) {
      await expect(ask()).rejects.toSatisfy((error: unknown) => error instanceof TRPCError && error.code === 'FORBIDDEN');
    }
    const support = await callerFor('SUPPORT');
    await expect(support.reference.plugins({ query: 'x'.repeat(201) })).rejects.toSatisfy((error: unknown) => error instanceof TRPCError && error.code === 'BAD_REQUEST');
    await expect(support.reference.plugins({ ids: Array.from({ length: 21 }, (_, i) => `id${i}`) })).rejects.toSatisfy((error: unknown) => error instanceof TRPCError && error.code === 'BAD_REQUEST');
  });
});
