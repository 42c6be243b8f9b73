/**
 * The one input hygiene rule: what text any input may hold, what an id looks like, how long a
 * page may be. Every zod input schema in packages/shared builds its strings from here.
 *
 * - **NUL (U+0000)** is refused everywhere: PostgreSQL cannot store it in `text` or `jsonb`
 *   and answers an error instead of a row (a 500 before this rule).
 * - **Lone surrogates** (a UTF-16 code unit U+D800–U+DFFF without its pair) are refused
 *   everywhere: they are not Unicode text (`String.prototype.isWellFormed`), PostgreSQL's UTF-8
 *   cannot hold them and the driver stores U+FFFD instead, so two different inputs (two machine
 *   fingerprints) would become one row.
 * - **Other C0 controls** (U+0001–U+001F) and DEL (U+007F) are refused in one-line text (names,
 *   searches, emails, fingerprints); multi-line text (messages, reasons, notes) keeps tab, line
 *   feed and carriage return.
 *
 * Each refusal is a zod issue on the field, so the tRPC error formatter and `parseRequest`
 * answer BAD_REQUEST / 400 INVALID_INPUT naming it, e.g. `query: must not contain a NUL character`.
 * Valid surrogate pairs (emoji, CJK extension B) are text like any other.
 */
import { z } from 'zod';

export const TEXT_ISSUES = {
  nul: 'must not contain a NUL character (U+0000)',
  loneSurrogate: 'must not contain a lone surrogate (half of a UTF-16 pair, U+D800–U+DFFF)',
  control: 'must not contain control characters (U+0001–U+001F, U+007F)',
  controlMultiline: 'must not contain control characters other than tab and line breaks',
} as const;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (String#isWellFormed, ES2024). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** C0 controls and DEL, NUL included. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;
/** C0 controls and DEL except tab (U+0009), line feed (U+000A) and carriage return (U+000D). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Why `value` is not acceptable text, or null when it is.
 * @param options.isMultiline true for free text that may hold tab and line breaks (messages, notes).
 * @returns one of TEXT_ISSUES' messages: NUL first, then lone surrogates, then other controls.
 */
export function findTextIssue(value: string, options: { isMultiline?: boolean } = {}): string | null {
  if (value.includes('\u0000')) return TEXT_ISSUES.nul;
  if (LONE_SURROGATE.test(value)) return TEXT_ISSUES.loneSurrogate;
  if (options.isMultiline) return CONTROL_BUT_LINE_BREAKS.test(value) ? TEXT_ISSUES.controlMultiline : null;
  return CONTROL.test(value) ? TEXT_ISSUES.control : null;
}

/** True when `value` holds neither NUL nor a lone surrogate (the rule for every string we store). */
export const isStorableText = (value: string): boolean => !value.includes('\u0000') && !LONE_SURROGATE.test(value);

const UNSTORABLE = new RegExp(`\\u0000|${LONE_SURROGATE.source}`, 'g');

/**
 * `value` with each NUL and lone surrogate replaced by U+FFFD (the replacement character), for
 * text we must keep although we did not choose it: everything else unchanged, so storable text
 * stays equal.
 */
export const toStorableText = (value: string): string => value.replace(UNSTORABLE, '\ufffd');

/**
 * An escape in JSON text: an escaped backslash (kept, so `\\u0000` — a backslash and "u0000" —
 * stays), `\u0000`, a surrogate pair, or a lone high or low surrogate.
 */
const JSON_ESCAPE = /\\(?:\\|u0000|u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[dD][89a-fA-F][0-9a-fA-F]{2})/g;

/**
 * JSON text (`JSON.stringify`'s, or a body we keep as it came, e.g. a signed Stripe event) with
 * each `\u0000` escape and each unpaired surrogate escape (`\ud800`) replaced by `\ufffd`, so
 * PostgreSQL's `jsonb` accepts it (it refuses both: "unsupported Unicode escape sequence").
 * Works on the text, without recursion, so any nesting depth is safe; other escapes and raw
 * characters are unchanged.
 */
export function toStorableJsonText(json: string): string {
  return json.replace(JSON_ESCAPE, (escape) => (escape === '\\\\' || escape.length === 12 ? escape : '\\ufffd'));
}

/**
 * The deepest nesting of arrays and objects in the JSON `text`, reading it once without
 * recursion (so 100k `[` cost nothing but a loop); stops counting once past `limit` and then
 * returns `limit + 1`. Brackets inside strings do not count. Malformed JSON is measured all the
 * same; JSON.parse judges it afterwards.
 */
export function measureJsonDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let isInString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    if (isInString) {
      if (char === 0x5c) i += 1; // a backslash escapes the next character, quotes included
      else if (char === 0x22) isInString = false;
    } else if (char === 0x22) {
      isInString = true;
    } else if (char === 0x5b || char === 0x7b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return limit + 1;
    } else if (char === 0x5d || char === 0x7d) {
      depth -= 1;
    }
  }
  return deepest;
}

/** A zod check adding the text issue of `value` (findTextIssue) on the field being parsed. */
function checkText(isMultiline: boolean) {
  return (value: string, ctx: z.RefinementCtx) => {
    const issue = findTextIssue(value, { isMultiline });
    if (issue) ctx.addIssue({ code: 'custom', message: issue });
  };
}

export interface TextOptions {
  /** Longest accepted length, UTF-16 code units (after trimming). Required: every string is bounded. */
  max: number;
  /** Shortest accepted length (after trimming); default 0. */
  min?: number;
  /** Message when shorter than `min` (e.g. "Give a reason (at least 3 characters)"). */
  minMessage?: string;
  /** Message when longer than `max`; default "must be at most `max` characters". */
  maxMessage?: string;
  /** Trim surrounding white space first (default true: people paste with spaces). */
  isTrimmed?: boolean;
  /** Free text that may hold tab and line breaks (default false: one line). */
  isMultiline?: boolean;
}

/**
 * A bounded string that follows the text rule (no NUL, no lone surrogate, no control characters
 * but tab/line breaks in multi-line text). Chain further checks (`.email()`, `.regex()`) after.
 * Lengths are in UTF-16 code units, as zod counts them.
 */
export function zText(options: TextOptions): z.ZodString {
  const { max, min = 0, minMessage, maxMessage, isTrimmed = true, isMultiline = false } = options;
  let schema = z.string();
  if (isTrimmed) schema = schema.trim();
  schema = schema.max(max, maxMessage ?? `must be at most ${max} characters`).superRefine(checkText(isMultiline));
  if (min > 0) schema = schema.min(min, minMessage ?? (min === 1 ? 'must not be empty' : `must be at least ${min} characters`));
  return schema;
}

/** Largest length of any id Marketdesk or Stripe makes (cuid: 25; Stripe ids: well under 100). */
export const MAX_ID_LENGTH = 100;
/** The characters of every id: cuid (`cm…`), Stripe (`pi_…`, `ch_…`, `evt_…`, `acct_…`), uuid, the seed's ids. */
const ID_SHAPE = /^[A-Za-z0-9_-]+$/;

/**
 * An id: 1–100 of `A–Z a–z 0–9 _ -` (database cuids, uuids, Stripe ids), or with `prefix`
 * exactly a Stripe id of that kind (`zId({ prefix: 'evt' })` → `evt_…`). Anything else — NUL,
 * spaces, quotes, 1 MB — is refused before it reaches a query, with "must be an id …" on the field.
 * @param options.emptyMessage the message for an empty string (a form's "Choose a plugin").
 */
export function zId(options: { prefix?: string; emptyMessage?: string } = {}): z.ZodString {
  const { prefix, emptyMessage = 'must not be empty' } = options;
  const shape = prefix ? new RegExp(`^${prefix}_[A-Za-z0-9_]+$`) : ID_SHAPE;
  const message = prefix ? `must be a Stripe id (${prefix}_…)` : 'must be an id (letters, digits, _ and -)';
  return z.string().min(1, emptyMessage).max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`).regex(shape, message);
}

/** Opaque page cursors (an id, or base64url of a keyset position): 1–200 base64url characters. */
export const ZCursor = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters').regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor this list returned');

/** A page size: a whole number 1–`max` (default `defaultSize`). Every list takes one. */
export const zPageSize = (max: number, defaultSize: number) => z.number().int().min(1).max(max).default(defaultSize);

/** A page number: 1–10,000 (OFFSET beyond that costs the database more than anyone reads). */
export const ZPageNumber = z.number().int().min(1).max(10_000).default(1);
