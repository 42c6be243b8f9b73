/**
 * The plugin catalog shipped with the repository: `prisma/seed/data/npm-plugins.tsv` (name,
 * version, downloads_a_month, summary; one header row; columns in data/README.md). Real npm data is messy, so parsing never fails
 * on a row: each bad row is rejected with its line number and the field that is wrong.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const DEFAULT_CATALOG_PATH = path.resolve(import.meta.dirname, 'data/npm-plugins.tsv');
export const CATALOG_COLUMNS = ['name', 'version', 'downloads_a_month', 'summary'] as const;

/** PostgreSQL `bigint` upper bound (Plugin.monthlyDownloads). */
const MAX_BIGINT = 9_223_372_036_854_775_807n;

export interface CatalogRow {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  name: string;
  version: string;
  /** Monthly npm downloads; BigInt because real counts may exceed 2^53. */
  monthlyDownloads: bigint;
  /** As in the file; may be empty or in any script. */
  summary: string;
}

export interface RejectedRow {
  line: number;
  /** E.g. `line 812: name "Foo Bar" is not a valid npm package name (has uppercase letters)`. */
  reason: string;
}

export interface ParsedCatalog {
  rows: CatalogRow[];
  rejected: RejectedRow[];
}

/**
 * Parses the catalog TSV text. Blank lines are skipped; CRLF and a UTF-8 BOM are tolerated.
 * TSV has no quoting, so quotes are literal text. The summary is the last, free-text column:
 * extra tabs are kept inside it; fewer than four columns rejects the row. A repeated name
 * rejects the later row (Plugin.name is unique).
 * @throws Error when the first line is not the expected header (not a catalog file at all).
 */
export function parseCatalog(text: string): ParsedCatalog {
  const lines = text.replace(/^\uFEFF/, '').split('\n').map((l) => l.replace(/\r$/, ''));
  const header = lines[0] ?? '';
  if (header.split('\t').map((c) => c.trim()).join('\t') !== CATALOG_COLUMNS.join('\t')) {
    throw new Error(`catalog header must be "${CATALOG_COLUMNS.join('<TAB>')}", got "${header.slice(0, 80)}"`);
  }
  const rows: CatalogRow[] = [];
  const rejected: RejectedRow[] = [];
  const firstLineByName = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    const text = lines[i]!;
    if (text.trim() === '') continue;
    const line = i + 1;
    const result = parseRow(text, line);
    if (typeof result === 'string') {
      rejected.push({ line, reason: `line ${line}: ${result}` });
      continue;
    }
    const first = firstLineByName.get(result.name);
    if (first !== undefined) {
      rejected.push({ line, reason: `line ${line}: name "${result.name}" repeats line ${first}` });
      continue;
    }
    firstLineByName.set(result.name, line);
    rows.push(result);
  }
  return { rows, rejected };
}

/** One data line → a row, or the reason it is rejected (without the "line N:" prefix). */
function parseRow(text: string, line: number): CatalogRow | string {
  const cells = text.split('\t');
  if (cells.length < CATALOG_COLUMNS.length) {
    return `expected ${CATALOG_COLUMNS.length} tab-separated columns (${CATALOG_COLUMNS.join(', ')}), got ${cells.length}`;
  }
  const [rawName, rawVersion, rawDownloads, ...summaryParts] = cells as [string, string, string, ...string[]];
  const name = rawName.trim();
  const nameProblem = findNpmNameProblem(name);
  if (nameProblem) return `name "${name}" is not a valid npm package name (${nameProblem})`;
  const version = rawVersion.trim();
  if (version === '') return `version is empty for "${name}"`;
  const downloads = rawDownloads.trim();
  if (!/^\d+$/.test(downloads)) return `downloads_a_month "${downloads}" is not a non-negative integer`;
  const monthlyDownloads = BigInt(downloads);
  if (monthlyDownloads > MAX_BIGINT) return `downloads_a_month "${downloads}" exceeds the 64-bit range`;
  return { line, name, version, monthlyDownloads, summary: summaryParts.join('\t') };
}

/**
 * Checks npm's rules for new package names (the rules of npm's validate-npm-package-name):
 * 1–214 characters, lowercase, URL-safe, no leading "." or "_", none of ~'!()*, optional
 * "@scope/" prefix. @returns what is wrong, or undefined for a valid name.
 */
export function findNpmNameProblem(name: string): string | undefined {
  if (name === '') return 'empty';
  if (name.length > 214) return `longer than 214 characters`;
  if (name !== name.toLowerCase()) return 'has uppercase letters';
  if (name === 'node_modules' || name === 'favicon.ico') return 'is a reserved name';
  const scoped = /^@([^/]+)\/([^/]+)$/.exec(name);
  if (name.startsWith('@') && !scoped) return 'a scoped name must look like @scope/name';
  const parts = scoped ? [scoped[1]!, scoped[2]!] : [name];
  for (const part of parts) {
    if (/^[._]/.test(part)) return 'cannot start with "." or "_"';
    if (/[~'!()*]/.test(part)) return `cannot contain any of ~'!()*`;
    if (encodeURIComponent(part) !== part) return 'has characters that are not URL-safe';
  }
  return undefined;
}

/**
 * Reads and parses the catalog file: `path` (the config's MARKETDESK_CATALOG), else
 * {@link DEFAULT_CATALOG_PATH}. @throws Error when the file cannot be read or has no header.
 */
export async function readCatalog(catalogPath?: string): Promise<ParsedCatalog & { path: string }> {
  const file = path.resolve(catalogPath ?? DEFAULT_CATALOG_PATH);
  const text = await readFile(file, 'utf8');
  return { path: file, ...parseCatalog(text) };
}
