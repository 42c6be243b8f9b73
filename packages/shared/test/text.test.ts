/**
 * The input hygiene rule (text.ts): NUL and lone surrogates are refused in every text input,
 * naming the field; other controls in one-line text; valid surrogate pairs are text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findTextIssue, isStorableText, measureJsonDepth, TEXT_ISSUES, toStorableJsonText, toStorableText, ZCursor, zId, zText } from '../src/text.ts';
import { ZFingerprint, ZLicenseActivateRequest } from '../src/licenses/license-api.schema.ts';
import { ZPurchaseSearchInput } from '../src/finance/records.schema.ts';

/** `{ path: message }` of the issues `schema` raises for `input`, or {} when it parses. */
function issuesOf(schema: z.ZodType, input: unknown): Record<string, string> {
  const result = schema.safeParse(input);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
}

const HIGH = '\ud83d';
const LOW = '\ude00';
const EMOJI = `${HIGH}${LOW}`; // 😀

describe('findTextIssue', () => {
  it('refuses NUL anywhere, in one-line and multi-line text', () => {
    expect(findTextIssue('a\u0000b')).toBe(TEXT_ISSUES.nul);
    expect(findTextIssue('\u0000', { isMultiline: true })).toBe(TEXT_ISSUES.nul);
  });

  it('refuses a lone high surrogate, a lone low one and a reversed pair', () => {
    expect(findTextIssue(`fp-${HIGH}`)).toBe(TEXT_ISSUES.loneSurrogate);
    expect(findTextIssue(`${LOW}fp`)).toBe(TEXT_ISSUES.loneSurrogate);
    expect(findTextIssue(`${LOW}${HIGH}`)).toBe(TEXT_ISSUES.loneSurrogate);
    expect(findTextIssue(`a${HIGH}b${LOW}`, { isMultiline: true })).toBe(TEXT_ISSUES.loneSurrogate);
  });

  it('accepts surrogate pairs: emoji, CJK extension B, flags', () => {
    for (const text of [EMOJI, 'café 😀👍🏽', '𠀀𪛖', '🇫🇷', 'Ünïcødé ✓']) expect(findTextIssue(text)).toBeNull();
  });

  it('refuses other controls in one-line text; multi-line text keeps tab and line breaks', () => {
    expect(findTextIssue('a\tb')).toBe(TEXT_ISSUES.control);
    expect(findTextIssue('a\u007fb')).toBe(TEXT_ISSUES.control);
    expect(findTextIssue('line one\r\nline two\tend', { isMultiline: true })).toBeNull();
    expect(findTextIssue('bell\u0007', { isMultiline: true })).toBe(TEXT_ISSUES.controlMultiline);
  });

  it('agrees with String#isWellFormed on any UTF-16 string (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (value) => {
      const isWellFormed = (value as unknown as { isWellFormed(): boolean }).isWellFormed();
      expect(isStorableText(value)).toBe(isWellFormed && !value.includes('\u0000'));
    }), { seed: 13, numRuns: 500 });
  });
});

describe('zText and the schemas built from it name the field', () => {
  const ZForm = z.object({ name: zText({ max: 10 }), note: zText({ max: 100, isMultiline: true }).optional() });

  it('NUL, lone high and lone low surrogates each fail on the field at fault', () => {
    expect(issuesOf(ZForm, { name: 'a\u0000' })).toEqual({ name: TEXT_ISSUES.nul });
    expect(issuesOf(ZForm, { name: `a${HIGH}` })).toEqual({ name: TEXT_ISSUES.loneSurrogate });
    expect(issuesOf(ZForm, { name: 'ok', note: `${LOW}` })).toEqual({ note: TEXT_ISSUES.loneSurrogate });
  });

  it('emoji pass and are trimmed like any text; lengths stay bounded', () => {
    expect(ZForm.parse({ name: ` ${EMOJI}${EMOJI} `, note: `hi\n${EMOJI}` })).toEqual({ name: `${EMOJI}${EMOJI}`, note: `hi\n${EMOJI}` });
    expect(issuesOf(ZForm, { name: 'x'.repeat(11) })).toEqual({ name: 'must be at most 10 characters' });
  });

  it('fingerprints: two fingerprints differing only by a lone surrogate are refused, not merged', () => {
    expect(issuesOf(ZLicenseActivateRequest, { key: 'k', fingerprint: `machine-${HIGH}` })).toEqual({ fingerprint: TEXT_ISSUES.loneSurrogate });
    expect(issuesOf(ZLicenseActivateRequest, { key: 'k', fingerprint: `machine-${LOW}` })).toEqual({ fingerprint: TEXT_ISSUES.loneSurrogate });
    expect(ZFingerprint.parse(`machine-${EMOJI}`)).toBe(`machine-${EMOJI}`);
  });

  it('search queries and cursors refuse NUL naming query and cursor', () => {
    expect(issuesOf(ZPurchaseSearchInput, { query: 'a@b\u0000' })).toEqual({ query: TEXT_ISSUES.nul });
    expect(Object.keys(issuesOf(ZPurchaseSearchInput, { cursor: 'abc\u0000' }))).toEqual(['cursor']);
  });
});

describe('ids and cursors have a shape', () => {
  it('zId takes cuids, Stripe ids and uuids; refuses NUL, spaces, quotes and 101 characters', () => {
    for (const id of ['cm4x0k2v10000abcd1234efgh', 'pi_3Nabc', 'evt_1', '0b7bf8d1-1c1a-4e0e-9a56-2f7f2a0c9d11']) expect(zId().parse(id)).toBe(id);
    for (const id of ['', 'a\u0000', 'a b', "a'", 'x'.repeat(101), EMOJI]) expect(zId().safeParse(id).success).toBe(false);
  });

  it('zId with a prefix takes only that kind of Stripe id', () => {
    expect(zId({ prefix: 'evt' }).parse('evt_1Abc')).toBe('evt_1Abc');
    expect(zId({ prefix: 'evt' }).safeParse('pi_1Abc').success).toBe(false);
  });

  it('ZCursor takes base64url and refuses anything else', () => {
    expect(ZCursor.parse(Buffer.from('2026-01-01T00:00:00.000Z|12').toString('base64url'))).toBeTruthy();
    expect(ZCursor.safeParse('abc=').success).toBe(false);
  });
});

describe('storing text we did not choose (a signed Stripe event)', () => {
  it('toStorableText replaces NUL and lone surrogates by U+FFFD and keeps pairs', () => {
    expect(toStorableText(`a\u0000b${HIGH}c${EMOJI}${LOW}`)).toBe(`a\ufffdb\ufffdc${EMOJI}\ufffd`);
  });

  it('toStorableJsonText of JSON.stringify(x) parses back to x made storable, keys included (property)', () => {
    fc.assert(fc.property(fc.dictionary(fc.string({ unit: 'binary' }), fc.oneof(fc.string({ unit: 'binary' }), fc.array(fc.string({ unit: 'binary' })))), (value) => {
      const stored = JSON.parse(toStorableJsonText(JSON.stringify(value))) as Record<string, unknown>;
      const expected = Object.fromEntries(Object.entries(value).map(([key, item]) => [toStorableText(key), Array.isArray(item) ? item.map(toStorableText) : toStorableText(item as string)]));
      expect(stored).toEqual(expected);
    }), { seed: 13, numRuns: 300 });
  });

  it('a backslash followed by "u0000" is text, not an escape, and stays', () => {
    const json = JSON.stringify({ note: '\\u0000 and \\ud800' });
    expect(toStorableJsonText(json)).toBe(json);
  });
});

describe('measureJsonDepth (the webhook and the upload bound nesting with it)', () => {
  it('counts arrays and objects outside strings, escaped quotes included', () => {
    expect(measureJsonDepth('{"a": [1, {"b": []}]}', 64)).toBe(4);
    expect(measureJsonDepth('{"a": "[[[{{{\\"[[["}', 64)).toBe(1);
    expect(measureJsonDepth('"no nesting"', 64)).toBe(0);
  });

  it('stops at limit + 1 however deep the text goes, closed or not, without recursion', () => {
    expect(measureJsonDepth('['.repeat(200_000) + ']'.repeat(200_000), 64)).toBe(65);
    expect(measureJsonDepth('{"x":'.repeat(100_000), 64)).toBe(65);
  });

  it('equals the depth of what JSON.stringify wrote (property)', () => {
    const depthOf = (value: unknown): number => (Array.isArray(value) ? 1 + Math.max(0, ...value.map(depthOf)) : value !== null && typeof value === 'object' ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0);
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
      expect(measureJsonDepth(JSON.stringify(value), 64)).toBe(depthOf(value));
    }), { seed: 17, numRuns: 300 });
  });
});
