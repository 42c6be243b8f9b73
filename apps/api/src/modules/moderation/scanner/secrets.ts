/**
 * Secrets (API keys, tokens, private keys) by secretlint's recommended preset. A finding says
 * where and what kind — never the value: the snippet shows `[REDACTED]` in place of every token
 * secretlint's match touches, and `redactSecrets` scrubs any other copy of those tokens from the
 * whole report before it leaves the scanner.
 */
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretLintCoreConfig } from '@secretlint/types';
import { SCANNER_RULES } from './rules.ts';
import { SourceLines } from './source-lines.ts';
import type { QualityFinding } from './types.ts';

const REDACTED = '[REDACTED]';
/** Shorter pieces are not scrubbed report-wide: they would match ordinary words. */
const MIN_FRAGMENT_LENGTH = 8;

// secretlint's profiler is on by default: a performance mark per rule per file, parsed by a
// regex and kept forever — a third of the scan time and a leak in a long-lived worker.
secretLintProfiler.setEnabled(false);

const CONFIG: SecretLintCoreConfig = {
  rules: [
    {
      id: '@secretlint/secretlint-rule-preset-recommend',
      rule: recommendedPreset,
      // Off by default in secretlint because of false positives in repositories; a published
      // AWS access key ID (AKIA…) is worth a moderator's look.
      rules: [{ id: '@secretlint/secretlint-rule-aws', options: { enableIDScanRule: true } }],
    },
  ],
};

export interface SecretScan {
  findings: QualityFinding[];
  /** The secret values and their lines, for `redactSecrets`; kept in memory only. */
  fragments: string[];
}

/** Runs secretlint over one text file (`path` package-relative). */
export async function findSecrets(path: string, lines: SourceLines): Promise<SecretScan> {
  const result = await lintSource({
    source: { content: lines.text, filePath: `/package/${path}`, contentType: 'text' },
    options: { config: CONFIG, maskSecrets: true },
  });
  const findings: QualityFinding[] = [];
  const fragments: string[] = [];
  for (const message of result.messages) {
    const [start, end] = tokenRange(lines.text, message.range);
    const secret = lines.text.slice(start, end);
    fragments.push(secret, ...secret.split(/\r?\n/).map((part) => part.trim()), ...secret.split(NOT_TOKEN));
    const { line, column: startColumn } = lines.position(start);
    const endLine = lines.position(end).line;
    const kind = humanize(message.messageId);
    findings.push({
      ruleId: `secret/${message.ruleId.replace(/^@secretlint\/secretlint-rule-/, '')}`,
      severity: SCANNER_RULES['secret/*'].severity,
      file: path,
      line: message.loc.start.line,
      column: message.loc.start.column + 1,
      message: `${kind} found (value redacted). Treat it as leaked: it must be revoked, not only removed.`,
      snippet: redactedLine(lines, line, startColumn - 1, endLine === line ? lines.position(end).column - 1 : null),
    });
  }
  return { findings, fragments: fragments.filter((fragment) => fragment.length >= MIN_FRAGMENT_LENGTH) };
}

/** Characters that end a token: a secret never contains them. */
const NOT_TOKEN = /[^A-Za-z0-9_\-+/=.~]+/;
const TOKEN_CHAR = /[A-Za-z0-9_\-+/=.~]/;

/**
 * secretlint's `range` (0-based offsets, end exclusive) widened to whole tokens at both ends.
 * Its range does not always cover the value: for an AWS secret access key it starts at the
 * property name and stops 18 characters short of the key's end, so redacting only the range
 * would print the key's tail. Widening to the tokens it touches redacts the whole value.
 */
export function tokenRange(text: string, [start, end]: readonly [number, number]): [number, number] {
  let from = start;
  let to = Math.max(end, start);
  while (from > 0 && TOKEN_CHAR.test(text[from - 1]!)) from -= 1;
  while (to < text.length && TOKEN_CHAR.test(text[to]!)) to += 1;
  return [from, to];
}

/** The line with the secret's columns (0-based, end exclusive; null = to the end) replaced. */
function redactedLine(lines: SourceLines, line: number, startColumn: number, endColumn: number | null): string {
  const text = lines.line(line);
  const redacted = text.slice(0, startColumn) + REDACTED + (endColumn === null ? '' : text.slice(endColumn));
  return new SourceLines(redacted).snippet(1, startColumn + 1);
}

/** `AWSAccessKeyID` → `AWS Access Key ID`, `PrivateKey` → `Private Key`. */
export function humanize(messageId: string): string {
  return messageId
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/_/g, ' ');
}

/**
 * A deep copy of `value` in which every string has each fragment replaced by `[REDACTED]`:
 * the last guard that no secret reaches the report (manifest fields, other findings' snippets).
 */
export function redactSecrets<T>(value: T, fragments: readonly string[]): T {
  if (fragments.length === 0) return value;
  const ordered = [...new Set(fragments)].sort((a, b) => b.length - a.length);
  const scrub = (item: unknown): unknown => {
    if (typeof item === 'string') return ordered.reduce((text, fragment) => text.split(fragment).join(REDACTED), item);
    if (Array.isArray(item)) return item.map(scrub);
    if (item && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, inner]) => [scrub(key), scrub(inner)]));
    return item;
  };
  return scrub(value) as T;
}
