/**
 * Dispute evidence through the real app: disputes.get and disputes.updateEvidence call Stripe
 * (the built-in emulator over HTTP, through the real SDK), the upload route puts files in Stripe
 * Files, the webhook sync keeps evidence_details and the outcome, and a win's reinstated funds
 * post to the ledger. Embedded PGlite, or DATABASE_URL's server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { syncPurchase } from '../../src/modules/payments/index.ts';
import { createTestUser, sessionCookieFor } from '../harness.ts';
import { buy, callerAs, createSeller, expectLedgerBalanced, purchaseLedger, settle, startMoneyServer, type MoneyServer } from './helpers.ts';

let ts: MoneyServer;
beforeAll(async () => {
  ts = await startMoneyServer();
});
afterAll(async () => ts?.close());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const codeOf = (promise: Promise<unknown>) => promise.then(() => 'OK', (e: unknown) => (e instanceof TRPCError ? `${e.code}: ${e.message}` : `unexpected ${String(e)}`));

/** A paid purchase with a chargeback opened at Stripe and synced: the Dispute row's id. */
async function disputedPurchase(priceAmount = 3000) {
  const { plugin } = await createSeller(ts.prisma, { priceAmount });
  const { purchaseId } = await buy(ts, plugin.id, { paymentMethod: 'pm_card_createDispute' });
  await settle(ts);
  const dispute = await ts.prisma.dispute.findFirstOrThrow({ where: { purchaseId } });
  return { purchaseId, dispute };
}

async function upload(cookie: string | null, body: FormData, headers: Record<string, string> = { 'x-marketdesk-client': 'console' }) {
  const response = await fetch(`${ts.url}/disputes/evidence-files`, { method: 'POST', headers: { ...headers, ...(cookie ? { cookie } : {}) }, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const formWith = (bytes: Buffer, name: string, type = 'application/pdf') => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return form;
};

describe('dispute evidence', () => {
  it('finance reads a dispute with its purchase and due date; other roles cannot', async () => {
    const { purchaseId, dispute } = await disputedPurchase();
    const { caller } = await callerAs(ts, ['FINANCE']);
    const detail = await caller.disputes.get({ disputeId: dispute.id });
    expect(detail).toMatchObject({ id: dispute.id, status: 'NEEDS_RESPONSE', amount: 3000, currency: 'usd', hasEvidence: false, evidenceSubmissionCount: 0, isEvidencePastDue: false, evidence: null, responseClosedReason: null, purchase: { id: purchaseId, amount: 3000 } });
    expect(detail.evidenceDueBy!.getTime() - detail.createdAt.getTime()).toBe(7 * 24 * 60 * 60 * 1000);
    for (const role of ['SUPPORT', 'MODERATOR', 'CREATOR'] as const) {
      const { caller: other } = await callerAs(ts, [role]);
      expect(await codeOf(other.disputes.get({ disputeId: dispute.id }))).toMatch(/^FORBIDDEN/);
    }
    expect(await codeOf(caller.disputes.get({ disputeId: 'cnotadispute000000000000' }))).toMatch(/^NOT_FOUND/);
  });

  it('uploads a receipt to Stripe Files, saves a draft, submits, wins, and posts the reinstated funds', async () => {
    const { purchaseId, dispute } = await disputedPurchase(2500);
    const { user, caller } = await callerAs(ts, ['FINANCE']);
    const cookie = await sessionCookieFor(ts.app.deps, user);

    const uploaded = await upload(cookie, formWith(PDF, 'receipt.pdf'));
    expect(uploaded.status).toBe(200);
    expect(uploaded.body).toMatchObject({ filename: 'receipt.pdf', size: PDF.length, type: 'pdf' });
    const fileId = uploaded.body.fileId as string;
    expect(await ts.stripe.files.retrieve(fileId)).toMatchObject({ purpose: 'dispute_evidence', size: PDF.length });

    const draft = await caller.disputes.updateEvidence({ disputeId: dispute.id, evidence: { product_description: 'Paid editor plugin, license key emailed at purchase', receipt: fileId }, submit: false });
    expect(draft).toMatchObject({ status: 'NEEDS_RESPONSE', hasEvidence: true, evidenceSubmissionCount: 0, evidenceSubmittedAt: null, evidence: { receipt: fileId }, responseClosedReason: null });
    const atStripe = await ts.stripe.disputes.retrieve(dispute.stripeDisputeId);
    expect(atStripe).toMatchObject({ status: 'needs_response', evidence: { receipt: fileId, product_description: 'Paid editor plugin, license key emailed at purchase' }, metadata: { marketdesk_dispute_id: dispute.id } });

    const submitted = await caller.disputes.updateEvidence({ disputeId: dispute.id, evidence: { product_description: 'Paid editor plugin, license key emailed at purchase', receipt: fileId, uncategorized_text: 'winning_evidence' }, submit: true });
    expect(submitted).toMatchObject({ status: 'UNDER_REVIEW', evidenceSubmissionCount: 1, evidence: { uncategorized_text: 'winning_evidence' } });
    expect(submitted.evidenceSubmittedAt).toBeInstanceOf(Date);
    expect(submitted.responseClosedReason).toMatch(/already submitted/);
    const audit = await ts.prisma.auditLog.findMany({ where: { targetType: 'Dispute', targetId: dispute.id }, select: { action: true, actorId: true }, orderBy: { occurredAt: 'asc' } });
    expect(audit).toEqual([{ action: 'disputes.saveEvidence', actorId: user.id }, { action: 'disputes.submitEvidence', actorId: user.id }]);

    // A second submission is refused before Stripe is asked, naming why.
    expect(await codeOf(caller.disputes.updateEvidence({ disputeId: dispute.id, evidence: { customer_name: 'Late addition' }, submit: false }))).toMatch(/^CONFLICT: Evidence was already submitted/);

    // Stripe's test rule decides it (winning_evidence); the webhooks sync the outcome and the money.
    await settle(ts);
    const won = await caller.disputes.get({ disputeId: dispute.id });
    expect(won).toMatchObject({ status: 'WON', hasEvidence: true, evidenceSubmissionCount: 1 });
    expect(won.closedAt).toBeInstanceOf(Date);
    expect(won.responseClosedReason).toMatch(/closed \(won\)/);
    const ledger = await purchaseLedger(ts.prisma, purchaseId);
    expect(ledger.DISPUTES ?? 0).toBe(0);
    await expectLedgerBalanced(ts.prisma);
  });

  it('lists open disputes by evidence due date, soonest first (the home page links to ?status=NEEDS_RESPONSE)', async () => {
    const first = await disputedPurchase();
    const second = await disputedPurchase();
    const { caller } = await callerAs(ts, ['FINANCE']);
    const { items } = await caller.finance.disputes({ status: 'NEEDS_RESPONSE', limit: 100 });
    const dueDates = items.map((d) => d.evidenceDueBy!.getTime());
    expect(dueDates).toEqual([...dueDates].sort((a, b) => a - b));
    const ids = items.map((d) => d.id);
    expect(ids.indexOf(first.dispute.id)).toBeLessThan(ids.indexOf(second.dispute.id));
  });

  it('only finance and admins answer disputes; support cannot upload or send evidence', async () => {
    const { dispute } = await disputedPurchase();
    const { user: support, caller } = await callerAs(ts, ['SUPPORT']);
    expect(await codeOf(caller.disputes.updateEvidence({ disputeId: dispute.id, evidence: { customer_name: 'X' }, submit: false }))).toMatch(/^FORBIDDEN/);
    expect((await upload(await sessionCookieFor(ts.app.deps, support), formWith(PDF, 'r.pdf'))).status).toBe(403);
    expect((await upload(null, formWith(PDF, 'r.pdf'))).status).toBe(401);
    const admin = await createTestUser(ts.prisma, ['ADMIN']);
    expect((await upload(await sessionCookieFor(ts.app.deps, admin), formWith(PDF, 'r.pdf'), {})).status).toBe(403); // no console header: cross-site
    expect((await ts.prisma.dispute.findUniqueOrThrow({ where: { id: dispute.id } })).hasEvidence).toBe(false);
  });

  it('checks files before Stripe: type by content, 5 MB, a file part, a multipart body', async () => {
    const { user } = await callerAs(ts, ['FINANCE']);
    const cookie = await sessionCookieFor(ts.app.deps, user);
    const requests: string[] = [];
    const onRequest = (request: { path: string }) => requests.push(request.path);
    ts.stripe.on('request', onRequest);
    try {
      const text = await upload(cookie, formWith(Buffer.from('just text'), 'notes.pdf'));
      expect(text.status).toBe(400);
      expect(String(text.body.error)).toMatch(/PDF, JPEG or PNG/);
      const big = await upload(cookie, formWith(Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]), 'big.pdf'));
      expect(big.status).toBe(400);
      expect(String(big.body.error)).toMatch(/5 MB/);
      const noFile = new FormData();
      noFile.append('note', 'no file here');
      expect(await upload(cookie, noFile)).toMatchObject({ status: 400, body: { error: 'Choose a file to upload' } });
      const garbled = await fetch(`${ts.url}/disputes/evidence-files`, { method: 'POST', headers: { cookie, 'x-marketdesk-client': 'console', 'content-type': 'multipart/form-data; boundary=zzz' }, body: 'not multipart at all' });
      expect(garbled.status).toBe(400);
    } finally {
      ts.stripe.off('request', onRequest);
    }
    expect(requests).toEqual([]);
  });

  it('refuses evidence past the due date (CONFLICT naming it) and Stripe reports past_due to the sync', async () => {
    const { dispute } = await disputedPurchase();
    const { caller } = await callerAs(ts, ['FINANCE']);
    const emulator = ts.app.deps.stripe!.emulator!;
    const realClock = ts.app.deps.clock;
    const eightDays = 8 * 24 * 60 * 60;
    emulator.control.setClock({ advanceSeconds: eightDays });
    (ts.app.deps as { clock: typeof realClock }).clock = { now: () => new Date(realClock.now().getTime() + eightDays * 1000) };
    try {
      expect(await codeOf(caller.disputes.updateEvidence({ disputeId: dispute.id, evidence: { customer_name: 'Too late' }, submit: true }))).toMatch(/^CONFLICT: The evidence was due by .* UTC/);
      expect((await caller.disputes.get({ disputeId: dispute.id })).responseClosedReason).toMatch(/was due by/);
      // Stripe itself refuses too (the app's check aside), and reports past_due.
      expect(await ts.stripe.disputes.update(dispute.stripeDisputeId, { evidence: { customer_name: 'Too late' } }).then(() => 'accepted', (e: { message: string }) => e.message)).toMatch(/was due by/);
      expect((await ts.stripe.disputes.retrieve(dispute.stripeDisputeId)).evidence_details.past_due).toBe(true);
      const { paymentIntentId } = await ts.prisma.purchase.findUniqueOrThrow({ where: { id: dispute.purchaseId }, select: { paymentIntentId: true } });
      await syncPurchase(ts.app.deps, { paymentIntentId });
      expect(await caller.disputes.get({ disputeId: dispute.id })).toMatchObject({ isEvidencePastDue: true, hasEvidence: false, status: 'NEEDS_RESPONSE' });
    } finally {
      emulator.control.setClock({ advanceSeconds: -eightDays });
      (ts.app.deps as { clock: typeof realClock }).clock = realClock;
    }
  });

  it('refuses evidence over Stripe\'s limits in the input schema', async () => {
    const { dispute } = await disputedPurchase();
    const { caller } = await callerAs(ts, ['FINANCE']);
    expect(await codeOf(caller.disputes.updateEvidence({ disputeId: dispute.id, evidence: { customer_name: 'x'.repeat(5001) }, submit: false }))).toMatch(/^BAD_REQUEST/);
    const long = 'y'.repeat(80_000);
    expect(await codeOf(caller.disputes.updateEvidence({ disputeId: dispute.id, evidence: { product_description: long, uncategorized_text: long }, submit: false }))).toMatch(/^BAD_REQUEST.*150000/s);
    expect(await codeOf(caller.disputes.updateEvidence({ disputeId: dispute.id, evidence: { receipt: 'not-a-file' }, submit: false }))).toMatch(/^BAD_REQUEST/);
  });
});
