/**
 * The emulator's money rules and wire decoding, without a server: the processing fee, the
 * telescoping proportional share, and the form decoding the SDK's bodies rely on.
 */
import { describe, expect, it } from 'vitest';
import { decodeForm } from '../src/http/form.ts';
import { DEFAULT_FEES, formatAmount, processingFee, proportionalShare } from '../src/fees.ts';
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

describe('proportional share of a transfer or fee for a partial refund', () => {
  const shares = (parts: number[], whole: number, total: number) => {
    let refunded = 0;
    let left = total;
    return parts.map((amount) => {
      const share = proportionalShare({ amount, alreadyRefunded: refunded, whole, total, remaining: left });
      refunded += amount;
      left -= share;
      return share;
    });
  };

  it('splits 123 over thirds as 41 + 41 + 41 and halves as 62 + 61', () => {
    expect(shares([333, 333, 334], 1000, 123)).toEqual([41, 41, 41]);
    expect(shares([500, 500], 1000, 123)).toEqual([62, 61]);
  });

  it('always sums to the whole when the charge is refunded in full, in any parts', () => {
    const parts = [1, 7, 99, 250, 643];
    expect(parts.reduce((sum, part) => sum + part, 0)).toBe(1000);
    for (const total of [1, 99, 100, 123, 999, 1000]) {
      expect(shares(parts, 1000, total).reduce((sum, share) => sum + share, 0)).toBe(total);
    }
  });

  it('never exceeds what is left', () => {
    expect(proportionalShare({ amount: 500, alreadyRefunded: 0, whole: 1000, total: 100, remaining: 20 })).toBe(20);
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
