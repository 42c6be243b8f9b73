import { describe, expect, it } from 'vitest';
import { currencyExponent, formatMoney, MAX_AMOUNT, MINIMUM_CHARGE, minimumChargeAmount, toMajorString, toMinorUnits, ZCurrency } from '../src/money/index.ts';

describe('currency exponents (Stripe’s table)', () => {
  // ISK and UGX are whole units in practice, but Stripe's API keeps two decimals for them (Special cases).
  it.each([['usd', 2], ['EUR', 2], ['jpy', 0], ['krw', 0], ['kwd', 3], ['bhd', 3], ['isk', 2], ['ugx', 2], ['huf', 2], ['twd', 2]])('%s has %i decimals', (currency, exponent) => {
    expect(currencyExponent(currency)).toBe(exponent);
  });
});

describe('toMinorUnits', () => {
  it('converts major-unit strings by the currency exponent', () => {
    expect(toMinorUnits('12.34', 'usd')).toBe(1234);
    expect(toMinorUnits('12.3', 'usd')).toBe(1230);
    expect(toMinorUnits('12', 'usd')).toBe(1200);
    expect(toMinorUnits('1500', 'jpy')).toBe(1500);
    expect(toMinorUnits('1.234', 'kwd')).toBe(1234);
    expect(toMinorUnits('-0.5', 'eur')).toBe(-50);
  });

  it('refuses fractions of a minor unit and non-decimals, naming the problem', () => {
    expect(() => toMinorUnits('1.5', 'jpy')).toThrow('JPY allows 0 decimal places; "1.5" has 1');
    expect(() => toMinorUnits('1.234', 'usd')).toThrow(/USD allows 2 decimal places/);
    expect(() => toMinorUnits('1e3', 'usd')).toThrow(/not a decimal amount/);
    expect(() => toMinorUnits('', 'usd')).toThrow(/not a decimal amount/);
    expect(() => toMinorUnits('99999999999999999999', 'usd')).toThrow(/too large/);
  });
});

describe('formatting', () => {
  it('round-trips minor units through major strings, including bigint beyond 2^53', () => {
    expect(toMajorString(1234, 'usd')).toBe('12.34');
    expect(toMajorString(5, 'usd')).toBe('0.05');
    expect(toMajorString(-5, 'kwd')).toBe('-0.005');
    expect(toMajorString(1500, 'jpy')).toBe('1500');
    expect(toMajorString(2n ** 60n, 'usd')).toBe('11529215046068469.76');
  });

  it('formats for people with the currency symbol and exponent', () => {
    expect(formatMoney(123456, 'usd')).toBe('$1,234.56');
    expect(formatMoney(1500, 'jpy')).toBe('¥1,500');
    expect(formatMoney(1234, 'kwd')).toMatch(/1\.234/);
  });

  it('validates currency codes', () => {
    expect(ZCurrency.parse(' USD ')).toBe('usd');
    expect(ZCurrency.safeParse('dollars').success).toBe(false);
  });
});

describe('Stripe amount limits (docs.stripe.com/currencies#minimum-and-maximum-charge-amounts)', () => {
  it('caps one amount at eight digits of minor units', () => {
    expect(MAX_AMOUNT).toBe(99_999_999);
    expect(toMajorString(MAX_AMOUNT, 'usd')).toBe('999999.99');
    expect(toMajorString(MAX_AMOUNT, 'kwd')).toBe('99999.999');
  });

  it('knows the minimum charge of the common currencies, case-insensitively, else 1', () => {
    expect(minimumChargeAmount('usd')).toBe(50);
    expect(minimumChargeAmount('GBP')).toBe(30);
    expect(minimumChargeAmount('jpy')).toBe(50);
    expect(minimumChargeAmount('hkd')).toBe(400);
    expect(minimumChargeAmount('huf')).toBe(17500);
    expect(minimumChargeAmount('kwd')).toBe(1);
    expect(minimumChargeAmount('constructor')).toBe(1);
    expect(Object.isFrozen(MINIMUM_CHARGE)).toBe(true);
  });
});
