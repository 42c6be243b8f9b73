/**
 * The quality scan of one package tarball: unpack safely, read package.json, lint with oxlint
 * and analyze the sources (AST rules, obfuscation, secrets) side by side, score, redact.
 * Always resolves — a refused or broken package, or one past its time limit, is a FAILED
 * report with the reason — and always removes its temporary folder before resolving.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { analyzeInWorker } from './analyze-in-worker.ts';
import { analyzeSources, type SourceAnalysisInput } from './analyze-sources.ts';
import { compareWithTiers, readDeclaredLicensing, type TierOffer } from './declared-licensing.ts';
import { findInstallScripts } from './install-scripts.ts';
import { DEFAULT_SCAN_TIMEOUT_MS, type ScanLimits } from './limits.ts';
import { runOxlint, type LintOptions } from './lint.ts';
import { readManifest } from './manifest.ts';
import { isBundledDependency, isCodeFile } from './package-files.ts';
import { asScanError, ScanError } from './scan-error.ts';
import { OVERALL_FORMULA, overallScore, README, SCORE_WEIGHTS, scoreDocs, scoreLint, scoreTests, scoreTypes } from './scores.ts';
import { redactSecrets } from './secrets.ts';
import { SEVERITIES, type QualityFinding, type QualityReportResult, type Severity } from './types.ts';
import { withUnpackedPackage, type UnpackedPackage } from './unpack.ts';

/** The docs score reads the README's length and code blocks; 1 MB of it says enough. */
const MAX_README_BYTES = 1024 * 1024;

export interface ScanOptions {
  /** Wall-clock limit for the whole scan in milliseconds (default 2 minutes). */
  timeoutMs?: number;
  /** Lower limits for tests; defaults are in `limits.ts`. */
  limits?: Partial<ScanLimits>;
  /** Parent of the per-scan temporary folder (default: the OS temp folder). */
  tmpDir?: string;
  /** Replaces the oxlint command (tests use a stand-in that hangs). */
  lintCommand?: LintOptions['command'];
  /** Analyze on the calling thread instead of a worker (cannot be stopped mid-file). */
  isInProcess?: boolean;
  /**
   * What the plugin's tiers sell, to compare with the package's `marketdesk` declaration
   * (findings `licensing/undeclared` and `licensing/unsold`); unset (the CLI): no comparison.
   */
  tiers?: readonly TierOffer[];
}

/** Scans the .tgz at `tgzPath`. Never throws for anything about the package. */
export async function scanPackage(tgzPath: string, options: ScanOptions = {}): Promise<QualityReportResult> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_SCAN_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new ScanError('TIMEOUT', `the scan ran past its ${formatDuration(timeoutMs)} limit and was stopped`)), timeoutMs);
  try {
    return await withUnpackedPackage(tgzPath, (unpacked) => reportOn(unpacked, started, controller.signal, options), {
      limits: options.limits,
      tmpDir: options.tmpDir,
      signal: controller.signal,
    });
  } catch (error) {
    const scanError = asScanError(controller.signal.aborted ? controller.signal.reason : error);
    return failedReport(scanError ?? new ScanError('ANALYZER_FAILED', `scanner error: ${error instanceof Error ? error.message : String(error)}`));
  } finally {
    clearTimeout(timer);
  }
}

async function reportOn(unpacked: UnpackedPackage, started: number, signal: AbortSignal, options: ScanOptions): Promise<QualityReportResult> {
  const { root, files } = unpacked;
  const { manifest, text: manifestText } = await readManifest(root);
  const ownCode = files.filter((file) => isCodeFile(file.path) && !isBundledDependency(file.path)).map((file) => file.path);
  const analyze = options.isInProcess ? analyzeSources : analyzeInWorker;
  const [diagnostics, analysis] = await runSideBySide(
    signal,
    (stageSignal) => runOxlint(root, ownCode, { signal: stageSignal, command: options.lintCommand }),
    (stageSignal) => analyze({ root, files } satisfies SourceAnalysisInput, stageSignal),
  );

  const minified = new Set(analysis.minifiedFiles);
  const linted = ownCode.filter((path) => !minified.has(path));
  const lint = scoreLint({
    diagnostics: diagnostics.filter((diagnostic) => !minified.has(diagnostic.file)),
    linesOfCode: linted.reduce((sum, path) => sum + (analysis.linesOfCode[path] ?? 0), 0),
    filesLinted: linted.length,
    minifiedFilesSkipped: ownCode.length - linted.length,
  });
  const readme = files.find((file) => !file.path.includes('/') && README.test(file.path));
  const readmeText = readme ? await readHead(join(root, readme.path), MAX_README_BYTES) : null;
  const docs = scoreDocs(files, manifest, readmeText);
  const types = scoreTypes(files, manifest);
  const tests = scoreTests(files, manifest);
  const declaration = readDeclaredLicensing(manifest, manifestText);
  const findings = sortFindings([
    ...findInstallScripts(manifest, manifestText, files),
    ...analysis.findings,
    ...declaration.findings,
    ...compareWithTiers(declaration.declared, options.tiers ?? [], manifestText),
  ]);

  const report: QualityReportResult = {
    status: 'DONE',
    score: overallScore({ lint: lint.score, types: types.score, tests: tests.score, docs: docs.score }),
    lintScore: lint.score,
    typesScore: types.score,
    testsScore: tests.score,
    docsScore: docs.score,
    breakdown: {
      weights: { ...SCORE_WEIGHTS },
      formula: OVERALL_FORMULA,
      lint,
      types,
      tests,
      docs,
      findingsBySeverity: countBySeverity(findings),
      notAnalyzed: analysis.notAnalyzed,
      stats: { tarballBytes: unpacked.tarballBytes, expandedBytes: unpacked.expandedBytes, fileCount: files.length, durationMs: Math.round(performance.now() - started) },
    },
    hasCriticalFindings: findings.some((finding) => finding.severity === 'CRITICAL'),
    findings,
    files,
    manifest,
    declared: declaration.declared,
  };
  return redactSecrets(report, analysis.secretFragments);
}

/**
 * Runs the linter and the analysis at the same time. When one fails, the other is aborted, and
 * both have stopped (child killed, worker terminated) before this settles: nothing may still
 * read the temporary folder when it is removed.
 */
async function runSideBySide<A, B>(signal: AbortSignal, first: (signal: AbortSignal) => Promise<A>, second: (signal: AbortSignal) => Promise<B>): Promise<[A, B]> {
  const sibling = new AbortController();
  const stageSignal = AbortSignal.any([signal, sibling.signal]);
  let firstFailure: { error: unknown } | null = null;
  const abortSiblingOnFailure = <T>(task: Promise<T>) =>
    task.catch((error: unknown) => {
      firstFailure ??= { error };
      sibling.abort(error);
      throw error;
    });
  const [a, b] = await Promise.allSettled([abortSiblingOnFailure(first(stageSignal)), abortSiblingOnFailure(second(stageSignal))]);
  if (firstFailure) throw (firstFailure as { error: unknown }).error;
  if (a.status === 'rejected' || b.status === 'rejected') throw new ScanError('ANALYZER_FAILED', 'a scan stage failed');
  return [a.value, b.value];
}

const SEVERITY_RANK = Object.fromEntries(SEVERITIES.map((severity, index) => [severity, index])) as Record<Severity, number>;

/** Most severe first, then by file and line. */
function sortFindings(findings: QualityFinding[]): QualityFinding[] {
  return findings.sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}

function countBySeverity(findings: QualityFinding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

function failedReport(error: ScanError): QualityReportResult {
  return {
    status: 'FAILED',
    failureReason: error.message,
    failureCode: error.code,
    score: null,
    lintScore: null,
    typesScore: null,
    testsScore: null,
    docsScore: null,
    breakdown: null,
    hasCriticalFindings: false,
    findings: [],
    files: [],
    manifest: null,
    declared: null,
  };
}

/** The first `maxBytes` of a file as UTF-8 text. */
async function readHead(path: string, maxBytes: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

const formatDuration = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`);
