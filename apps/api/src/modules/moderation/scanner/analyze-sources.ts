/**
 * Reads every file of an unpacked package once and runs the per-file rules on it: secrets on
 * all text files, and on JavaScript/TypeScript the AST rules, the minified/obfuscated check and
 * the line count the lint score needs. CPU-bound; `analyze-in-worker.ts` runs slices of a
 * package on the scan pool's threads so that a big package neither blocks the API nor outlives
 * its time limit, and uses every thread.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findCodeRisks } from './code-findings.ts';
import { inspectCodeShape } from './code-shape.ts';
import { formatMegabytes, MAX_ANALYZED_SOURCE_BYTES, MAX_SECRET_SCAN_BYTES } from './limits.ts';
import { isBinary, isBundledDependency, isCodeFile, isDeclarationFile, isTestFile } from './package-files.ts';
import { SCANNER_RULES } from './rules.ts';
import { throwIfAborted } from './scan-error.ts';
import { findSecrets } from './secrets.ts';
import { SourceLines } from './source-lines.ts';
import type { PackageFile, QualityFinding } from './types.ts';

export interface SourceAnalysisInput {
  /** Absolute path of the unpacked package folder. */
  root: string;
  files: PackageFile[];
}

export interface SourceAnalysis {
  findings: QualityFinding[];
  /** Secret values, for the report-wide redaction. Never stored. */
  secretFragments: string[];
  /** Package-relative paths of minified JS files. */
  minifiedFiles: string[];
  /** Non-blank lines per JS/TS code file. */
  linesOfCode: Record<string, number>;
  notAnalyzed: { file: string; reason: string }[];
}

/** The whole package's analysis on the calling thread. Throws the abort reason when `signal` fires between two files. */
export async function analyzeSources(input: SourceAnalysisInput, signal?: AbortSignal): Promise<SourceAnalysis> {
  return combineAnalyses(input.files, [await analyzeFiles(input, signal)]);
}

/**
 * The per-file part of the analysis for `input.files` only (any slice of a package): what the
 * scan pool's threads run, one slice each. Package-wide findings come from {@link combineAnalyses}.
 */
export async function analyzeFiles(input: SourceAnalysisInput, signal?: AbortSignal): Promise<SourceAnalysis> {
  const analysis: SourceAnalysis = { findings: [], secretFragments: [], minifiedFiles: [], linesOfCode: {}, notAnalyzed: [] };
  for (const file of input.files) {
    throwIfAborted(signal);
    await analyzeFile(input.root, file, analysis);
  }
  return analysis;
}

/**
 * One analysis of the package whose files are `files` from the analyses of its slices, `parts`
 * in the slices' order (so lists keep the files' order, as one pass over them gives), plus the
 * package-wide minified-only finding.
 */
export function combineAnalyses(files: PackageFile[], parts: SourceAnalysis[]): SourceAnalysis {
  const analysis: SourceAnalysis = {
    findings: parts.flatMap((part) => part.findings),
    secretFragments: parts.flatMap((part) => part.secretFragments),
    minifiedFiles: parts.flatMap((part) => part.minifiedFiles),
    linesOfCode: Object.assign({}, ...parts.map((part) => part.linesOfCode)) as Record<string, number>,
    notAnalyzed: parts.flatMap((part) => part.notAnalyzed),
  };
  const minifiedOnly = findMinifiedOnly(files, new Set(analysis.minifiedFiles));
  if (minifiedOnly) analysis.findings.push(minifiedOnly);
  return analysis;
}

async function analyzeFile(root: string, file: PackageFile, analysis: SourceAnalysis): Promise<void> {
  const isCode = isCodeFile(file.path);
  if (isCode && file.size > MAX_ANALYZED_SOURCE_BYTES) {
    const reason = `${formatMegabytes(file.size)} is over the ${formatMegabytes(MAX_ANALYZED_SOURCE_BYTES)} the security rules read`;
    analysis.notAnalyzed.push({ file: file.path, reason });
    analysis.findings.push({ ruleId: 'scanner/not-analyzed', severity: SCANNER_RULES['scanner/not-analyzed'].severity, file: file.path, line: null, column: null, message: `Not analyzed: ${reason}.`, snippet: null });
    return;
  }
  if (file.size > MAX_SECRET_SCAN_BYTES && !isCode) {
    analysis.notAnalyzed.push({ file: file.path, reason: `${formatMegabytes(file.size)} is over the ${formatMegabytes(MAX_SECRET_SCAN_BYTES)} the secret scan reads` });
    return;
  }
  // Synchronous on purpose: this runs in a worker, and for small files a sync read costs a
  // fraction of fs/promises' open/stat/read/close round trips through the thread pool.
  const content = readFileSync(join(root, file.path));
  if (isBinary(content)) {
    if (isCode) analysis.notAnalyzed.push({ file: file.path, reason: 'binary content' });
    return;
  }
  const lines = new SourceLines(content.toString('utf8'));
  if (file.size <= MAX_SECRET_SCAN_BYTES) {
    const secrets = await findSecrets(file.path, lines);
    analysis.findings.push(...secrets.findings);
    analysis.secretFragments.push(...secrets.fragments);
  } else {
    analysis.notAnalyzed.push({ file: file.path, reason: `${formatMegabytes(file.size)} is over the ${formatMegabytes(MAX_SECRET_SCAN_BYTES)} the secret scan reads` });
  }
  if (!isCode) return;

  analysis.linesOfCode[file.path] = countNonBlankLines(lines.text);
  const shape = inspectCodeShape(file.path, lines.text);
  if (shape.isMinified) analysis.minifiedFiles.push(file.path);
  if (shape.obfuscation) {
    const { line, column } = lines.position(shape.obfuscation.offset);
    analysis.findings.push({ ruleId: 'security/obfuscated-code', severity: SCANNER_RULES['security/obfuscated-code'].severity, file: file.path, line, column, message: `Looks obfuscated: ${shape.obfuscation.reason}.`, snippet: lines.snippet(line, column) });
  }
  const risks = findCodeRisks(file.path, lines);
  analysis.findings.push(...risks.findings);
  if (risks.parseError) {
    analysis.findings.push({ ruleId: 'scanner/parse-error', severity: SCANNER_RULES['scanner/parse-error'].severity, file: file.path, line: null, column: null, message: `Could not be parsed (${risks.parseError}); the security rules may have missed code in it.`, snippet: null });
  }
}

/** One finding when every runtime JS file of the package's own is minified. */
function findMinifiedOnly(files: PackageFile[], minified: Set<string>): QualityFinding | null {
  const runtime = files.filter((file) => isCodeFile(file.path) && !isDeclarationFile(file.path) && !isBundledDependency(file.path) && !isTestFile(file.path));
  if (runtime.length === 0 || !runtime.every((file) => minified.has(file.path))) return null;
  const first = runtime[0]!;
  return {
    ruleId: 'security/minified-only',
    severity: SCANNER_RULES['security/minified-only'].severity,
    file: first.path,
    line: null,
    column: null,
    message: `All ${runtime.length} JavaScript files are minified; there is no readable source to review.`,
    snippet: null,
  };
}

function countNonBlankLines(text: string): number {
  let count = 0;
  for (const line of text.split('\n')) if (line.trim() !== '') count += 1;
  return count;
}
