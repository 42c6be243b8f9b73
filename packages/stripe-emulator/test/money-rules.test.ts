/**
 * The emulator's money rules and wire decoding, without a server: the processing fee and the
 * form decoding the SDK's bodies rely on. The refund split's rule is tested where it lives
 * (packages/shared/test/refund-split.test.ts); refunds.test.ts checks the emulator applies it.
 */
import { describe, expect, it } from 'vitest';
import { decodeForm } from '../src/http/form.ts';
import { DEFAULT_FEES, formatAmount, processingFee } from '../src/fees.ts';
import { signWebhookPayload } from '../src/index.ts';
import Stripe from 'stripe';

describe('processing fee: 2.9 % rounded half up + 30 minor units', () => {
  it.each([
    [1000, 59], // 29 + 30
    [50, 31], // 1.45 → 1
    [1500, 74], // 43.5 → 44
    [12345, 388], // 358.005 → 358
    [99_999_999, 2_900_030], // 2,899,999.971 → 2,900,000
  ])('%i → %i', (amount, fee) => {
    expect(processingFee(amount, DEFAULT_FEES)).toBe(fee);
  });
});

describe('formatAmount', () => {
  it('writes amounts as Stripe messages do', () => {
    expect(formatAmount(1000, 'usd')).toBe('$10.00');
    expect(formatAmount(500, 'jpy')).toBe('¥500');
    expect(formatAmount(12345, 'kwd')).toBe('KWD 12.345');
  });
});

describe('decodeForm', () => {
  it('decodes nested keys, indexed and appended arrays as the SDK and curl send them', () => {
    expect(decodeForm('amount=1000&transfer_data[destination]=acct_1&metadata[a%20b]=c%26d&expand[0]=x&expand[1]=y.z')).toEqual({
      amount: '1000', transfer_data: { destination: 'acct_1' }, metadata: { 'a b': 'c&d' }, expand: ['x', 'y.z'],
    });
    expect(decodeForm('expand[]=a&expand[]=b&created[gte]=1&created[lt]=2')).toEqual({ expand: ['a', 'b'], created: { gte: '1', lt: '2' } });
    expect(decodeForm('metadata[0]=zero&metadata[1]=one')).toEqual({ metadata: { 0: 'zero', 1: 'one' } });
    expect(decodeForm('description=&q=a+b')).toEqual({ description: '', q: 'a b' });
  });
});

describe('signWebhookPayload', () => {
  it('produces a header the SDK verifies, bound to the payload and timestamp', () => {
    const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'charge.refunded', data: { object: {} } });
    const now = Math.floor(Date.now() / 1000);
    const header = signWebhookPayload(payload, 'whsec_unit', now);
    expect(Stripe.webhooks.constructEvent(payload, header, 'whsec_unit').id).toBe('evt_1');
    const stale = signWebhookPayload(payload, 'whsec_unit', now - 301);
    expect(() => Stripe.webhooks.constructEvent(payload, stale, 'whsec_unit', 300)).toThrow(/Timestamp outside the tolerance zone/);
  });
});
