/**
 * Pure automatic checks on a buyer's review text (no I/O): personal data, links, the normalised
 * text behind the repeated-text hash, and the burst rule. The API's `checkReview` runs them with
 * the checks that need a library or the database (secrets, offensive language, repeated text,
 * bursts) and turns what they find into ReviewSignals.
 */

/** What a check found: its kind and where (0-based offsets into the text, end exclusive). */
export interface TextMatch {
  kind: 'EMAIL' | 'PHONE' | 'URL' | 'WWW' | 'DOMAIN';
  start: number;
  end: number;
  text: string;
}

// Starts only where a run of address characters starts: linear time on hostile text.
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/**
 * A run that may be a phone number: an optional `+`, an optional `(area)`, then digit groups
 * joined by single spaces, dots, dashes or slashes. What counts is decided in `isPhoneNumber`.
 */
const PHONE_CANDIDATE = /(?<![\w.\-/+$€£])(?:\+ ?)?(?:\(\d{1,5}\) ?)?\d+(?:[ .\-/]\d+)*/g;
/** What may not follow a candidate (it is part of a longer token: `1234x`, `1-2-3-`, `1.5`); checked in code, so the regex never backtracks. */
const GLUED_AFTER = /^(?:[\w\-/]|[.,]\d)/;
const DATE_LIKE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})(?: \d{1,2})?$/;
const THOUSANDS = /^\d{1,3}(?:[ .]\d{3})+$/;

/** Fewest digits a phone number has here (national numbers have 8 or more in most countries). */
export const MIN_PHONE_DIGITS = 8;
/** Most digits a phone number has (E.164, ITU-T Recommendation E.164 section 6). */
export const MAX_PHONE_DIGITS = 15;

/**
 * True when `candidate` reads as a phone number. It has 8 to 15 digits and is either written
 * in international form (`+49 30 1234 5678`), or with an area code in parentheses
 * (`(555) 123-4567`), or in national groups (`030 1234 5678`, `555-123-4567`, `1-800-555-0199`,
 * `06.12.34.56.78`), or is an unbroken run of 10 to 15 digits starting with 0 (`07700900123`).
 * Not phone numbers: fewer than 8 digits (`1.2.3`, `10.4.12`, `$49.99`), dates (`2026-12-03`,
 * `03.12.2026`, `2026-12-03 10:30`), amounts with thousands separators (`1 000 000`,
 * `12.500.000`), dotted runs of fewer than four groups (version numbers), and plain counts or
 * ids (`12345678`: one group without a leading 0).
 */
export function isPhoneNumber(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < MIN_PHONE_DIGITS || digits.length > MAX_PHONE_DIGITS) return false;
  if (DATE_LIKE.test(candidate) || THOUSANDS.test(candidate)) return false;
  if (candidate.startsWith('+') || candidate.startsWith('(')) return true;
  const groups = candidate.split(/\D+/);
  if (groups.length === 1) return digits.length >= 10 && digits.startsWith('0');
  if (/^[\d.]+$/.test(candidate) && groups.length < 4) return false;
  // National groups: the first may be a one-digit trunk or country code; the others 2 to 5 digits.
  return groups.every((g, i) => g.length <= 5 && (i === 0 || g.length >= 2));
}

/**
 * Email addresses and phone numbers in `text` (see `isPhoneNumber` for what counts as a phone
 * number), in text order. A review showing them is held until a moderator looks: buyers paste
 * their own or someone else's contact details.
 */
export function findPersonalData(text: string): TextMatch[] {
  const found: TextMatch[] = [];
  for (const m of text.matchAll(EMAIL)) found.push({ kind: 'EMAIL', start: m.index, end: m.index + m[0].length, text: m[0] });
  for (const m of text.matchAll(PHONE_CANDIDATE)) {
    const start = m.index;
    if (GLUED_AFTER.test(text.slice(start + m[0].length, start + m[0].length + 2))) continue;
    const inEmail = found.some((f) => f.kind === 'EMAIL' && start < f.end && start + m[0].length > f.start);
    if (!inEmail && isPhoneNumber(m[0])) found.push({ kind: 'PHONE', start, end: start + m[0].length, text: m[0] });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Top-level domains a bare domain (`example.com`) must end in to count as a link. */
export const LINK_TLDS = ['com', 'net', 'org', 'io', 'dev', 'app', 'co', 'ai', 'me', 'info', 'biz', 'xyz', 'ru', 'cn', 'de', 'uk', 'fr', 'nl', 'us', 'ly', 'gg', 'tk', 'top', 'site', 'online', 'shop', 'link', 'click'] as const;

const URL = /\bhttps?:\/\/[^\s<>"'()]+/gi;
const WWW = /\bwww\.[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s<>"'()]*/gi;
const DOMAIN = new RegExp(`(?<![@\\w.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:${LINK_TLDS.join('|')})\\b(?![.-]?\\w)(?:/[^\\s<>"'()]*)?`, 'gi');

/**
 * Links in `text`, in text order: `http(s)://` URLs, `www.` hosts, and bare domains ending in one
 * of LINK_TLDS (`example.com`, `shop.example.io/deal`) — not file names like `index.js` or
 * `config.json` (their endings are not in the list) and not the domain of an email address.
 */
export function findLinks(text: string): TextMatch[] {
  const found: TextMatch[] = [];
  const overlaps = (start: number, end: number) => found.some((f) => start < f.end && end > f.start);
  for (const [re, kind] of [[URL, 'URL'], [WWW, 'WWW'], [DOMAIN, 'DOMAIN']] as const) {
    for (const m of text.matchAll(re)) {
      const end = m.index + m[0].length;
      if (!overlaps(m.index, end)) found.push({ kind, start: m.index, end, text: m[0] });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * The text the repeated-text hash is taken of: Unicode-normalised (NFKC), lower case, with
 * punctuation and symbols removed and whitespace collapsed to single spaces, trimmed. Two reviews
 * differing only in case, spacing or punctuation normalise to the same string.
 */
export function normaliseReviewText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Shortest normalised text (in characters) that the repeated-text check compares; shorter ones ("great plugin") repeat innocently. */
export const MIN_REPEATED_TEXT_LENGTH = 20;

/**
 * The burst rule: at least BURST_THRESHOLD reviews of one plugin within BURST_WINDOW_MINUTES
 * from licenses issued in the last NEW_BUYER_DAYS days flags them all — rating campaigns come
 * from fresh licenses bought together, while a plugin's long-standing buyers review at their pace.
 */
export const BURST_THRESHOLD = 5;
/** The burst window, in minutes. */
export const BURST_WINDOW_MINUTES = 60;
/** A license issued this many days before its review or fewer makes its buyer "new". */
export const NEW_BUYER_DAYS = 7;

/** True when a license issued at `licenseIssuedAt` is a new buyer's at `now` (within NEW_BUYER_DAYS). */
export function isNewBuyer(licenseIssuedAt: Date, now: Date): boolean {
  return now.getTime() - licenseIssuedAt.getTime() <= NEW_BUYER_DAYS * 24 * 60 * 60 * 1000;
}

/**
 * True when `recentFromNewBuyers` — reviews of one plugin written in the last
 * BURST_WINDOW_MINUTES by new buyers, the one being written included — reach `threshold`
 * (default BURST_THRESHOLD).
 */
export function isBurst(input: { recentFromNewBuyers: number; threshold?: number }): boolean {
  return input.recentFromNewBuyers >= (input.threshold ?? BURST_THRESHOLD);
}
