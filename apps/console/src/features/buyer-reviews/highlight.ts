import type { ReviewSignal } from '@marketdesk/shared';

/** A stretch of a review's text that an automatic signal is about, in UTF-16 code units [start, end). */
export interface MarkedSpan {
  start: number;
  end: number;
  signal: ReviewSignal;
}

/**
 * What to look for per signal, so the moderator sees at once what made the checks hold or flag a
 * review: credentials (provider prefixes as secretlint's rules know them, PEM headers, long random
 * tokens), email addresses and phone numbers, links. A hint for the eye, not the check itself
 * (the API's checks decide the signals).
 */
const PATTERNS: { signal: ReviewSignal; pattern: RegExp }[] = [
  { signal: 'SECRET', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----|\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|sk_(?:live|test)_[A-Za-z0-9]{10,}|rk_(?:live|test)_[A-Za-z0-9]{10,}|xox[abpr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|npm_[A-Za-z0-9]{36}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})/g },
  { signal: 'PERSONAL_DATA', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g },
  { signal: 'PERSONAL_DATA', pattern: /(?<![\w+])\+?\d[\d ().-]{7,}\d(?!\w)/g },
  { signal: 'LINK', pattern: /\bhttps?:\/\/[^\s<>"')]+|\bwww\.[^\s<>"')]+/g },
];

/**
 * The spans of `text` to mark for `signals` (only the signals the review carries), sorted and
 * without overlaps (the earlier, then longer, span wins).
 */
export function findMarkedSpans(text: string, signals: readonly ReviewSignal[]): MarkedSpan[] {
  const found: MarkedSpan[] = [];
  for (const { signal, pattern } of PATTERNS) {
    if (!signals.includes(signal)) continue;
    for (const match of text.matchAll(pattern)) found.push({ start: match.index, end: match.index + match[0].length, signal });
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const spans: MarkedSpan[] = [];
  for (const span of found) if (spans.length === 0 || span.start >= spans.at(-1)!.end) spans.push(span);
  return spans;
}
