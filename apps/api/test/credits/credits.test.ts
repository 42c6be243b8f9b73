/**
 * Prepaid credits through the real app, the real SDK and the built-in Stripe emulator (embedded
 * PGlite, or DATABASE_URL's server): a credit pack bought with POST /v1/credit-packs and completed
 * by the webhook, refunds of unused credits, support's grants, and the creators' share job.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { availableCreditsOf } from '../../src/modules/payments/credit-balance.ts';
import { creditShareTransferGroup, payCreditShares } from '../../src/modules/payments/pay-credit-shares.ts';
import { callerAs, expectLedgerBalanced, newRequestKey, purchaseLedger, settle, startMoneyServer, type MoneyServer } from '../money/helpers.ts';
import { withTamperedSignature } from '../licenses/helpers.ts';
import { buyCreditPack, creditLedger, licensedBuyer, postCreditPack, spendCredits } from './helpers.ts';

let ts: MoneyServer;
beforeAll(async () => {
  ts = await startMoneyServer();
});
afterAll(async () => ts?.close());

const stripeFee = (amount: number) => Math.floor((amount * 29 + 500) / 1000) + 30;
const codeOf = (promise: Promise<unknown>) => promise.then(() => 'OK', (e: unknown) => (e instanceof TRPCError ? `${e.code}: ${e.message}` : `unexpected ${String(e)}`));

describe('credit packs: POST /v1/credit-packs', () => {
  it('is a platform charge completed by the webhook: BUYER −A, CREDIT_LIABILITY +A, no license issued, balance A', async () => {
    const { license, key, creator } = await licensedBuyer(ts);
    const licensesBefore = await ts.prisma.license.count({ where: { buyerEmail: license.buyerEmail } });
    const pack = await buyCreditPack(ts, key, 1000);
    expect(pack).toMatchObject({ licenseId: license.id, amount: 1000, currency: 'usd', applicationFeeAmount: 0, status: 'PENDING' });
    const purchase = await ts.prisma.purchase.findUniqueOrThrow({ where: { id: pack.purchaseId } });
    expect(purchase).toMatchObject({ kind: 'CREDIT_PACK', creditLicenseId: license.id, status: 'SUCCEEDED', amount: 1000, applicationFeeAmount: 0, transferId: null, applicationFeeId: null, subscriptionId: null, creatorId: creator.id });
    const pi = await ts.stripe.paymentIntents.retrieve(purchase.paymentIntentId);
    expect(pi.transfer_data).toBeNull();
    expect(pi.application_fee_amount).toBeNull();
    expect(pi.metadata).toMatchObject({ purchase_id: purchase.id, kind: 'credit_pack', license_id: license.id });
    expect(await purchaseLedger(ts.prisma, purchase.id)).toEqual({ BUYER_PAYMENTS: -1000, STRIPE_FEES: stripeFee(1000), CREDIT_LIABILITY: 1000, STRIPE_BALANCE: -stripeFee(1000) });
    const streams = await ts.prisma.ledgerEntry.findMany({ where: { transaction: { purchaseId: purchase.id } }, select: { stream: true, licenseId: true } });
    expect(new Set(streams.map((e) => e.stream))).toEqual(new Set(['CREDITS_SOLD']));
    expect(await ts.prisma.license.count({ where: { purchaseId: purchase.id } })).toBe(0);
    expect(await ts.prisma.license.count({ where: { buyerEmail: license.buyerEmail } })).toBe(licensesBefore);
    const { caller } = await callerAs(ts, ['SUPPORT']);
    const credits = await caller.licenses.credits({ id: license.id });
    expect(credits).toMatchObject({ licenseId: license.id, currency: 'usd', balance: 1000, available: 1000, packs: [500, 1000, 5000], maxGrant: 100_000 });
    expect(credits.movements.map((m) => [m.kind, m.amount, m.purchaseId])).toEqual([['pack', 1000, purchase.id]]);
    await expectLedgerBalanced(ts.prisma);
  });

  it('answers the same pack for the same Idempotency-Key and body, and refuses the key with another body', async () => {
    const { key } = await licensedBuyer(ts);
    const requestKey = randomUUID();
    const first = await postCreditPack(ts, { licenseKey: key, packAmount: 500, paymentMethod: 'pm_card_visa' }, { 'idempotency-key': requestKey });
    const again = await postCreditPack(ts, { licenseKey: key, packAmount: 500, paymentMethod: 'pm_card_visa' }, { 'idempotency-key': requestKey });
    expect(first.status).toBe(201);
    expect(again.body.purchaseId).toBe(first.body.purchaseId);
    expect(again.body.paymentIntentId).toBe(first.body.paymentIntentId);
    const other = await postCreditPack(ts, { licenseKey: key, packAmount: 5000, paymentMethod: 'pm_card_visa' }, { 'idempotency-key': requestKey });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' });
    await settle(ts);
    expect(await ts.prisma.purchase.count({ where: { id: first.body.purchaseId, status: 'SUCCEEDED' } })).toBe(1);
  });

  it('refuses an amount that is not a pack, a key that names no license, and a license that is not active', async () => {
    const { key, license } = await licensedBuyer(ts);
    const odd = await postCreditPack(ts, { licenseKey: key, packAmount: 750, paymentMethod: 'pm_card_visa' });
    expect(odd.status).toBe(400);
    expect(odd.body).toMatchObject({ code: 'INVALID_INPUT', field: 'packAmount' });
    expect(JSON.stringify(odd.body)).toMatch(/500 \(\$5\.00\), 1000 \(\$10\.00\), 5000 \(\$50\.00\)/);
    const forged = await postCreditPack(ts, { licenseKey: withTamperedSignature(key), packAmount: 500, paymentMethod: 'pm_card_visa' });
    expect(forged.status).toBe(404);
    expect(forged.body).toMatchObject({ code: 'NOT_FOUND', field: 'licenseKey' });
    await ts.prisma.license.update({ where: { id: license.id }, data: { status: 'SUSPENDED' } });
    const suspended = await postCreditPack(ts, { licenseKey: key, packAmount: 500, paymentMethod: 'pm_card_visa' });
    expect(suspended.status).toBe(409);
    expect(suspended.body).toMatchObject({ code: 'CONFLICT', field: 'licenseKey' });
    expect(await ts.prisma.purchase.count({ where: { creditLicenseId: license.id } })).toBe(0);
  });
});

describe('refunds of unused credits', () => {
  it('refunds part of the unused credits (REFUNDS +R, CREDIT_LIABILITY −R) and refuses more than is unused, keeping the license', async () => {
    const { key, license } = await licensedBuyer(ts);
    const pack = await buyCreditPack(ts, key, 1000);
    await spendCredits(ts, license, 300);
    const { caller } = await callerAs(ts, ['FINANCE']);
    expect(await codeOf(caller.refunds.preview({ purchaseId: pack.purchaseId, amount: 800, currency: 'usd' }))).toMatch(/BAD_REQUEST: .*\$8\.00 is more than can be refunded: \$7\.00 \(700 minor units\) remains refundable \(only unused credits/s);
    const preview = await caller.refunds.preview({ purchaseId: pack.purchaseId, amount: 400, currency: 'usd' });
    expect(preview).toMatchObject({ amount: 400, creatorShare: 0, platformShare: 400, refundable: 700, isFullRefund: false, creditPack: { licenseId: license.id, availableCredits: 700 } });
    const refund = await caller.refunds.create({ purchaseId: pack.purchaseId, amount: 400, currency: 'usd', reason: 'REQUESTED_BY_CUSTOMER', note: 'Unused credits back', revokeLicense: true, requestKey: newRequestKey() });
    expect(refund.status).toBe('SUCCEEDED');
    await settle(ts);
    const stripeRefund = await ts.stripe.refunds.retrieve(refund.stripeRefundId!);
    expect(stripeRefund.transfer_reversal).toBeNull();
    expect(await purchaseLedger(ts.prisma, pack.purchaseId)).toEqual({ BUYER_PAYMENTS: -1000, STRIPE_FEES: stripeFee(1000), CREDIT_LIABILITY: 600, STRIPE_BALANCE: -stripeFee(1000), REFUNDS: 400 });
    const { caller: support } = await callerAs(ts, ['SUPPORT']);
    const credits = await support.licenses.credits({ id: license.id });
    expect(credits.balance).toBe(300);
    expect(credits.movements.map((m) => [m.kind, m.amount])).toEqual(expect.arrayContaining([['pack', 1000], ['use', -300], ['refund', -400]]));
    expect(await codeOf(caller.refunds.create({ purchaseId: pack.purchaseId, amount: 301, currency: 'usd', reason: 'REQUESTED_BY_CUSTOMER', note: 'More', revokeLicense: false, requestKey: newRequestKey() }))).toMatch(/BAD_REQUEST: .*\$3\.00 \(300 minor units\) remains refundable/s);
    // Everything unused: the license stays active (a credit pack never revokes it).
    await caller.refunds.create({ purchaseId: pack.purchaseId, amount: 300, currency: 'usd', reason: 'REQUESTED_BY_CUSTOMER', note: 'The rest', revokeLicense: true, requestKey: newRequestKey() });
    await settle(ts);
    expect((await support.licenses.credits({ id: license.id })).balance).toBe(0);
    expect((await ts.prisma.license.findUniqueOrThrow({ where: { id: license.id } })).status).toBe('ACTIVE');
    expect(await ts.prisma.refund.count({ where: { purchaseId: pack.purchaseId, revokeLicense: true } })).toBe(0);
    await expectLedgerBalanced(ts.prisma);
  });

  it('reserves credits of a refund not posted yet: usage may draw only balance − pending refunds', async () => {
    const { key, license } = await licensedBuyer(ts);
    const pack = await buyCreditPack(ts, key, 500);
    await ts.prisma.refund.create({ data: { purchaseId: pack.purchaseId, amount: 200, currency: 'usd', reason: 'REQUESTED_BY_CUSTOMER', note: 'Pending at Stripe', idempotencyKey: `test:${randomUUID()}` } });
    expect(await ts.prisma.$transaction((tx) => availableCreditsOf(tx, license.id, { isLocking: true }))).toBe(300);
    const { caller } = await callerAs(ts, ['FINANCE']);
    expect((await caller.refunds.preview({ purchaseId: pack.purchaseId, amount: 300, currency: 'usd' })).refundable).toBe(300);
  });
});

describe('licenses.grantCredits', () => {
  it('posts a balanced credit_grant with its audit row in one transaction, and the balance shows it', async () => {
    const { license } = await licensedBuyer(ts);
    const { caller, user } = await callerAs(ts, ['SUPPORT']);
    const after = await caller.licenses.grantCredits({ licenseId: license.id, amount: 250, reason: 'Apology for the outage' });
    expect(after).toMatchObject({ balance: 250, available: 250 });
    expect(after.movements).toEqual([expect.objectContaining({ kind: 'grant', amount: 250, purchaseId: null })]);
    const grant = await ts.prisma.ledgerTransaction.findUniqueOrThrow({ where: { id: after.movements[0]!.id }, include: { entries: true } });
    expect(grant.kind).toBe('credit_grant');
    expect(grant.externalKey).toMatch(/^credit_grant:cgr_/);
    expect(grant.entries.map((e) => [e.accountType, Number(e.amount), e.stream])).toEqual(expect.arrayContaining([['STRIPE_BALANCE', -250, 'CREDITS_GRANTED'], ['CREDIT_LIABILITY', 250, 'CREDITS_GRANTED']]));
    const audit = await ts.prisma.auditLog.findFirstOrThrow({ where: { action: 'licenses.grantCredits', targetId: license.id } });
    expect(audit).toMatchObject({ actorId: user.id, reason: 'Apology for the outage', before: { creditBalance: 0, currency: 'usd' } });
    expect(audit.after).toMatchObject({ creditBalance: 250, granted: 250 });
    expect(await creditLedger(ts.prisma, license.id)).toEqual({ STRIPE_BALANCE: -250, CREDIT_LIABILITY: 250 });
    await expectLedgerBalanced(ts.prisma);
  });

  it('refuses an amount over the cap, a short reason and a revoked license, posting nothing', async () => {
    const { license } = await licensedBuyer(ts);
    const { caller } = await callerAs(ts, ['SUPPORT']);
    expect(await codeOf(caller.licenses.grantCredits({ licenseId: license.id, amount: 100_001, reason: 'Too generous' }))).toMatch(/BAD_REQUEST: amount must be 1 to 100000 minor units \(\$1,000\.00\)/);
    expect(await codeOf(caller.licenses.grantCredits({ licenseId: license.id, amount: 100, reason: 'no' }))).toMatch(/BAD_REQUEST/);
    await ts.prisma.license.update({ where: { id: license.id }, data: { status: 'REVOKED' } });
    expect(await codeOf(caller.licenses.grantCredits({ licenseId: license.id, amount: 100, reason: 'After revocation' }))).toMatch(/CONFLICT/);
    expect(await creditLedger(ts.prisma, license.id)).toEqual({});
    expect(await ts.prisma.auditLog.count({ where: { action: 'licenses.grantCredits', targetId: license.id } })).toBe(0);
  });

  it('is denied to roles without licenses.manage, and the credits to roles without licenses.read', async () => {
    const { license } = await licensedBuyer(ts);
    for (const role of ['FINANCE', 'MODERATOR', 'CREATOR'] as const) {
      const { caller } = await callerAs(ts, [role]);
      expect(await codeOf(caller.licenses.grantCredits({ licenseId: license.id, amount: 100, reason: 'Not allowed here' }))).toMatch(/^FORBIDDEN/);
      expect(await codeOf(caller.licenses.credits({ id: license.id }))).toMatch(/^FORBIDDEN/);
    }
    const { caller: admin } = await callerAs(ts, ['ADMIN']);
    expect((await admin.licenses.grantCredits({ licenseId: license.id, amount: 100, reason: 'Admin may grant' })).balance).toBe(100);
  });
});

describe('creators’ share of used credits', () => {
  it('transfers what used credits owe the creator once, posts it, and waits below the minimum', async () => {
    const { key, license, creator } = await licensedBuyer(ts);
    await buyCreditPack(ts, key, 5000);
    await spendCredits(ts, license, 50);
    const group = creditShareTransferGroup(creator.id, 'usd');
    await payCreditShares(ts.app.deps);
    // 50 − 10 % = 45 is below the 100 minimum: nothing yet.
    expect((await ts.stripe.transfers.list({ transfer_group: group })).data).toHaveLength(0);
    await spendCredits(ts, license, 1000);
    const run = await payCreditShares(ts.app.deps);
    expect(run.transfers.filter((t) => t.creatorId === creator.id)).toEqual([expect.objectContaining({ amount: 45 + 900, currency: 'usd' })]);
    const [transfer, ...more] = (await ts.stripe.transfers.list({ transfer_group: group })).data;
    expect(more).toEqual([]);
    const account = await ts.prisma.creatorAccount.findUniqueOrThrow({ where: { id: creator.id } });
    expect(transfer).toMatchObject({ amount: 945, destination: account.stripeAccountId, metadata: { kind: 'credit_share', creator_id: creator.id } });
    const posting = await ts.prisma.ledgerTransaction.findUniqueOrThrow({ where: { externalKey: `transfer:${transfer!.id}` }, include: { entries: true } });
    expect(posting.purchaseId).toBeNull();
    expect(posting.entries.map((e) => [e.accountType, Number(e.amount), e.stream, e.creatorId])).toEqual(expect.arrayContaining([['STRIPE_BALANCE', -945, 'CREDITS_USED', creator.id], ['CREATOR_PAYABLE', 945, 'CREDITS_USED', creator.id]]));
    await payCreditShares(ts.app.deps);
    expect((await ts.stripe.transfers.list({ transfer_group: group })).data).toHaveLength(1);
    await expectLedgerBalanced(ts.prisma);
  });
});
