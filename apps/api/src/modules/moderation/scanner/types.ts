/**
 * Shapes of a quality report as the scanner returns it. They mirror the Prisma models
 * `QualityReport` and `QualityFinding` (prisma/schema.prisma) so the scan worker can store a
 * result without reshaping it: scores are integers 0–100, lines and columns are 1-based.
 */

import type { DeclaredLicensing } from '@marketdesk/shared';

/** Same members, same order as the Prisma enum `Severity`. */
export const SEVERITIES = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One thing a moderator should look at, down to file and line. */
export interface QualityFinding {
  /** e.g. `security/eval`, `secret/aws`; the rule table is in `rules.ts`. */
  ruleId: string;
  severity: Severity;
  /** Path relative to the package root, `/`-separated (e.g. `lib/index.js`, `package.json`). */
  file: string;
  /** 1-based; null when the finding is about the whole file. */
  line: number | null;
  /** 1-based, in UTF-16 code units like an editor's column; null with `line`. */
  column: number | null;
  /** Short explanation for the moderator. Never contains a secret. */
  message: string;
  /** The offending source line, trimmed to at most ~200 characters; secrets are redacted. */
  snippet: string | null;
}

/** A file of the unpacked package. */
export interface PackageFile {
  /** Relative to the package root (the tarball's `package/` folder), `/`-separated. */
  path: string;
  /** Bytes after extraction. */
  size: number;
}

/** package.json as parsed; only an object is accepted (anything else fails the scan). */
export type PackageManifest = Record<string, unknown>;

/** One line of a score's breakdown: what was checked, what it is worth, what it earned. */
export interface ScoreCheck {
  id: string;
  label: string;
  points: number;
  earned: number;
  /** Why it earned what it did, e.g. the file that satisfied it. */
  detail?: string;
}

export interface CategoryScore {
  /** 0–100 */
  score: number;
  checks: ScoreCheck[];
}

export interface LintSummary {
  /** 0–100, see `scoreLint` for the formula. */
  score: number;
  errors: number;
  warnings: number;
  /** Non-blank lines of the files oxlint read. */
  linesOfCode: number;
  filesLinted: number;
  /** Minified files are not linted: their one long line says nothing about the author's code. */
  minifiedFilesSkipped: number;
  /** Most frequent oxlint rules, most frequent first (at most 10). */
  topRules: { rule: string; count: number }[];
  formula: string;
}

/** Stored as `QualityReport.breakdown` (JSON). */
export interface ScoreBreakdown {
  weights: { lint: number; types: number; tests: number; docs: number };
  formula: string;
  lint: LintSummary;
  types: CategoryScore;
  tests: CategoryScore;
  docs: CategoryScore;
  findingsBySeverity: Record<Severity, number>;
  /** Files the security and secret rules could not read (too large, binary, unparsable). */
  notAnalyzed: { file: string; reason: string }[];
  stats: { tarballBytes: number; expandedBytes: number; fileCount: number; durationMs: number };
}

export type QualityReportResult =
  | {
      status: 'DONE';
      failureReason?: undefined;
      score: number;
      lintScore: number;
      typesScore: number;
      testsScore: number;
      docsScore: number;
      breakdown: ScoreBreakdown;
      hasCriticalFindings: boolean;
      findings: QualityFinding[];
      files: PackageFile[];
      manifest: PackageManifest;
      /**
       * package.json's `marketdesk` declaration as kept (valid names only); null without one.
       * Stored inside `QualityReport.breakdown` (JSON) as `declared`.
       */
      declared: DeclaredLicensing | null;
    }
  | {
      status: 'FAILED';
      /** For the moderator and the creator, e.g. "entry package/../evil.js escapes the package folder". */
      failureReason: string;
      /** Machine-readable reason, one of `ScanErrorCode`. */
      failureCode: string;
      score: null;
      lintScore: null;
      typesScore: null;
      testsScore: null;
      docsScore: null;
      breakdown: null;
      hasCriticalFindings: false;
      findings: [];
      files: [];
      manifest: null;
      declared: null;
    };
