/**
 * Dispute evidence through the real SDK: files uploaded with purpose dispute_evidence (multipart,
 * type and size checked), evidence staged with submit=false then submitted, refused once
 * submitted or past the due date, Stripe's length limits, and the test-mode rule that
 * `uncategorized_text=winning_evidence` wins the dispute.
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_EVIDENCE_FILE_BYTES } from '@marketdesk/shared';
import { buyPlugin, createCreatorAccount, startHarness, WebhookReceiver, type EmulatorHarness } from '../src/testing.ts';
import { assertMatchesStripeSchema } from './openapi-schemas.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('dispute evidence', () => {
  let harness: EmulatorHarness;
  let receiver: WebhookReceiver;
  let creator: Stripe.Account;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    harness = await startHarness({ webhooks: { url: receiver.url, concurrency: 1 } });
    creator = await createCreatorAccount(harness.stripe);
  });
  afterAll(async () => {
    harness.emulator.control.setClock({ isReset: true });
    await harness.close();
    await receiver.close();
  });

  const openDispute = async (amount = 2500) => {
    const pi = await buyPlugin(harness.stripe, { creator: creator.id, amount, fee: 250 });
    return harness.emulator.control.openDispute(pi.latest_charge as string, { reason: 'product_not_received' });
  };
  const refusal = (promise: Promise<unknown>) => promise.then(() => { throw new Error('Stripe accepted it'); }, (error: unknown) => error as { statusCode: number; message: string; param?: string; code?: string });

  it('uploads a PDF as dispute evidence through the SDK (multipart) and reads it back', async () => {
    const file = await harness.stripe.files.create({ purpose: 'dispute_evidence', file: { data: PDF, name: 'receipt.pdf', type: 'application/pdf' } });
    expect(file).toMatchObject({ object: 'file', purpose: 'dispute_evidence', size: PDF.length, type: 'pdf', filename: 'receipt.pdf' });
    expect(file.id).toMatch(/^file_/);
    expect(await harness.stripe.files.retrieve(file.id)).toEqual(file);
    const png = await harness.stripe.files.create({ purpose: 'dispute_evidence', file: { data: PNG, name: 'chat.png', type: 'image/png' } });
    expect(png.type).toBe('png');
  });

  it('refuses files Stripe refuses: wrong type by content, over 5 MB', async () => {
    const text = await refusal(harness.stripe.files.create({ purpose: 'dispute_evidence', file: { data: Buffer.from('plain text, named .pdf'), name: 'fake.pdf', type: 'application/pdf' } }));
    expect(text).toMatchObject({ statusCode: 400, param: 'file' });
    expect(text.message).toMatch(/PDF, JPEG or PNG/);
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_EVIDENCE_FILE_BYTES)]);
    expect(await refusal(harness.stripe.files.create({ purpose: 'dispute_evidence', file: { data: big, name: 'big.pdf', type: 'application/pdf' } }))).toMatchObject({ statusCode: 400, param: 'file', message: expect.stringMatching(/5 MB/) });
  });

  it('stages evidence with submit=false, then submits it; a submitted dispute cannot change', async () => {
    const dispute = await openDispute();
    const receipt = await harness.stripe.files.create({ purpose: 'dispute_evidence', file: { data: PDF, name: 'receipt.pdf', type: 'application/pdf' } });
    const staged = await harness.stripe.disputes.update(dispute.id, { evidence: { product_description: 'Editor plugin 2.1, license key emailed', receipt: receipt.id }, submit: false });
    expect(staged).toMatchObject({ status: 'needs_response', evidence: { product_description: 'Editor plugin 2.1, license key emailed', receipt: receipt.id }, evidence_details: { has_evidence: true, submission_count: 0, past_due: false } });
    assertMatchesStripeSchema('dispute', staged);

    const submitted = await harness.stripe.disputes.update(dispute.id, { evidence: { customer_name: 'Ada Buyer' }, submit: true }, { idempotencyKey: `submit-${dispute.id}` });
    expect(submitted).toMatchObject({ status: 'under_review', evidence: { customer_name: 'Ada Buyer', receipt: receipt.id }, evidence_details: { has_evidence: true, submission_count: 1 } });
    assertMatchesStripeSchema('dispute', submitted);

    const again = await refusal(harness.stripe.disputes.update(dispute.id, { evidence: { customer_name: 'Someone else' } }));
    expect(again).toMatchObject({ statusCode: 400, param: 'evidence', message: expect.stringMatching(/already been submitted/) });
    await harness.emulator.waitForDeliveries();
    const updates = receiver.events(harness.emulator.webhookSecret).filter((event) => event.type === 'charge.dispute.updated' && (event.data.object as Stripe.Dispute).id === dispute.id);
    expect(updates.map((event) => (event.data.object as Stripe.Dispute).status)).toEqual(['needs_response', 'under_review']);
  });

  it('checks evidence as Stripe does: file fields name a dispute_evidence file, lengths per field and 150,000 in all', async () => {
    const dispute = await openDispute();
    expect(await refusal(harness.stripe.disputes.update(dispute.id, { evidence: { receipt: 'file_doesnotexist' }, submit: false }))).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'evidence[receipt]' });
    expect(await refusal(harness.stripe.disputes.update(dispute.id, { evidence: { customer_name: 'x'.repeat(5001) }, submit: false }))).toMatchObject({ statusCode: 400, param: 'evidence[customer_name]' });
    const long = 'y'.repeat(80_000);
    expect(await refusal(harness.stripe.disputes.update(dispute.id, { evidence: { product_description: long, uncategorized_text: long }, submit: false }))).toMatchObject({ statusCode: 400, param: 'evidence', message: expect.stringMatching(/150000/) });
    const ok = await harness.stripe.disputes.update(dispute.id, { evidence: { product_description: long }, submit: false });
    expect(ok.evidence.product_description).toHaveLength(80_000);
  });

  it('refuses evidence after the due date and reports past_due', async () => {
    const dispute = await openDispute();
    expect(dispute.evidence_details.due_by).toBe(dispute.created + 7 * 24 * 60 * 60);
    harness.emulator.control.setClock({ advanceSeconds: 8 * 24 * 60 * 60 });
    try {
      const late = await refusal(harness.stripe.disputes.update(dispute.id, { evidence: { product_description: 'Too late' } }));
      expect(late).toMatchObject({ statusCode: 400, param: 'evidence', message: expect.stringMatching(/was due by/) });
      const read = await harness.stripe.disputes.retrieve(dispute.id);
      expect(read.evidence_details).toMatchObject({ past_due: true, has_evidence: false, submission_count: 0 });
      expect(read.status).toBe('needs_response');
    } finally {
      harness.emulator.control.setClock({ advanceSeconds: -8 * 24 * 60 * 60 });
    }
  });

  it('wins with uncategorized_text=winning_evidence: funds reinstated and charge.dispute.closed', async () => {
    const dispute = await openDispute(4000);
    await harness.stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence' } });
    await harness.emulator.waitForDeliveries();
    const won = await harness.stripe.disputes.retrieve(dispute.id);
    expect(won.status).toBe('won');
    expect(won.balance_transactions.map((t) => [t.reporting_category, t.amount])).toEqual([['dispute', -4000], ['dispute_reversal', 4000]]);
    const types = receiver.events(harness.emulator.webhookSecret).filter((event) => (event.data.object as Stripe.Dispute).id === dispute.id).map((event) => event.type);
    expect(types.slice(-3)).toEqual(['charge.dispute.updated', 'charge.dispute.funds_reinstated', 'charge.dispute.closed']);

    const lost = await openDispute(1000);
    await harness.stripe.disputes.update(lost.id, { evidence: { uncategorized_text: 'losing_evidence' } });
    await harness.emulator.waitForDeliveries();
    expect((await harness.stripe.disputes.retrieve(lost.id)).status).toBe('lost');
  });
});
