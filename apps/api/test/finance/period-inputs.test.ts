/**
 * Period inputs that used to reach the database and fail there (500) or stall it — an unknown
 * time zone, a year before 1, a daily series over 0001–9999 — now answer BAD_REQUEST naming the
 * field, before any query. Through the caller against the real app.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCreator } from '../factories.ts';
import { contextFor, createCaller, createTestUser, startTestServer, type TestServer } from '../harness.ts';

let ts: TestServer;
let creator: ReturnType<typeof createCaller>;
let finance: ReturnType<typeof createCaller>;

beforeAll(async () => {
  ts = await startTestServer();
  const creatorUser = await createTestUser(ts.app.deps.prisma, ['CREATOR']);
  await createCreator(ts.app.deps.prisma, creatorUser.id);
  creator = createCaller(await contextFor(ts.app.deps, creatorUser));
  finance = createCaller(await contextFor(ts.app.deps, await createTestUser(ts.app.deps.prisma, ['FINANCE'])));
});
afterAll(async () => ts?.close());

/** `OK`, or the tRPC code and the fields zod named (the error formatter's `fieldErrors`). */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (!(error instanceof TRPCError)) return `unexpected ${String(error)}`;
    const issues = (error.cause as { issues?: { path: PropertyKey[] }[] } | undefined)?.issues ?? [];
    return `${error.code} ${issues.map((issue) => issue.path.join('.')).join(',')}`.trim();
  }
}

const month = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-02-01T00:00:00Z'), currency: 'usd' };

describe('creator.earningsSeries', () => {
  it('answers a month by day in Europe/Paris', async () => {
    expect(await outcome(creator.creator.earningsSeries({ ...month, timeZone: 'Europe/Paris' }))).toBe('OK');
  });

  it('the inputs that were a 500 or stalled the database are BAD_REQUEST naming the field', async () => {
    expect(await outcome(creator.creator.earningsSeries({ ...month, timeZone: 'Mars/Olympus_Mons' }))).toBe('BAD_REQUEST timeZone');
    expect(await outcome(creator.creator.earningsSeries({ ...month, from: new Date('0000-06-01T00:00:00Z') }))).toBe('BAD_REQUEST from');
    expect(await outcome(creator.creator.earningsSeries({ ...month, from: new Date('0001-01-01T00:00:00Z'), to: new Date('9999-12-31T00:00:00Z') }))).toBe('BAD_REQUEST from,to');
    expect(await outcome(creator.creator.earningsSeries({ ...month, from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-12-31T00:00:00Z') }))).toBe('BAD_REQUEST to');
    expect(await outcome(creator.creator.earningsSeries({ ...month, interval: 'month', from: new Date('2020-01-01T00:00:00Z'), to: new Date('2035-01-01T00:00:00Z') }))).toBe('BAD_REQUEST to');
  });

  it('creator.salesByPlugin: a year before 2000 is BAD_REQUEST naming from', async () => {
    expect(await outcome(creator.creator.salesByPlugin(month))).toBe('OK');
    expect(await outcome(creator.creator.salesByPlugin({ ...month, from: new Date('0001-01-01T00:00:00Z') }))).toBe('BAD_REQUEST from');
  });
});

describe('finance period procedures', () => {
  it('kpis, series, top and payoutsByStatus answer a month; out-of-range years and zones are BAD_REQUEST naming the field', async () => {
    expect(await outcome(finance.finance.kpis(month))).toBe('OK');
    expect(await outcome(finance.finance.series({ ...month, timeZone: 'America/New_York' }))).toBe('OK');
    expect(await outcome(finance.finance.payoutsByStatus({ from: month.from }))).toBe('OK');
    expect(await outcome(finance.finance.kpis({ ...month, to: new Date('9999-12-31T00:00:00Z') }))).toBe('BAD_REQUEST to');
    expect(await outcome(finance.finance.series({ ...month, timeZone: 'Nowhere/Else' }))).toBe('BAD_REQUEST timeZone');
    expect(await outcome(finance.finance.series({ ...month, from: new Date('2020-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') }))).toBe('BAD_REQUEST to');
    expect(await outcome(finance.finance.top({ ...month, by: 'plugin', from: new Date('1970-01-01T00:00:00Z') }))).toBe('BAD_REQUEST from');
    expect(await outcome(finance.finance.payoutsByStatus({ from: new Date('0001-01-01T00:00:00Z') }))).toBe('BAD_REQUEST from');
  });
});
