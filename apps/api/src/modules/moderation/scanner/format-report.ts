/**
 * The quality report as plain text for a terminal (`npm run scan`): scores with their checks,
 * then findings grouped by severity, most severe first, each with file:line:column and the code line.
 */
import { formatMegabytes } from './limits.ts';
import { manifestString } from './manifest.ts';
import { SEVERITIES, type CategoryScore, type QualityFinding, type QualityReportResult } from './types.ts';

/** Findings listed per severity before the rest are summed up. */
const MAX_LISTED_PER_SEVERITY = 25;

/** Plain text; control characters from the package (all but tab and newline) are shown as `?`. */
export function formatReport(report: QualityReportResult, label: string): string {
  return withoutControlCharacters(formatUnsafe(report, label));
}

/**
 * File names and code lines come from the package: an ESC in them would drive the reader's
 * terminal (clear the screen, rewrite earlier lines). Newlines are the report's own.
 */
function withoutControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}

function formatUnsafe(report: QualityReportResult, label: string): string {
  if (report.status === 'FAILED') return `${label}: FAILED — ${report.failureReason} [${report.failureCode}]\n`;
  const { breakdown, manifest } = report;
  const name = [manifestString(manifest, 'name'), manifestString(manifest, 'version')].filter(Boolean).join('@') || label;
  const { stats, lint } = breakdown;
  const out: string[] = [
    `${name} — quality report`,
    `${stats.fileCount.toLocaleString('en-US')} files, ${formatMegabytes(stats.tarballBytes)} packed, ${formatMegabytes(stats.expandedBytes)} unpacked, scanned in ${(stats.durationMs / 1000).toFixed(1)} s`,
    '',
    `Score ${report.score}/100   (${breakdown.formula})`,
    scoreLine('lint', lint.score, breakdown.weights.lint, `${lint.errors} errors, ${lint.warnings} warnings in ${lint.linesOfCode.toLocaleString('en-US')} lines of ${lint.filesLinted.toLocaleString('en-US')} files${lint.minifiedFilesSkipped ? `, ${lint.minifiedFilesSkipped} minified skipped` : ''}`),
    ...(lint.topRules.length ? [`${' '.repeat(30)}top: ${lint.topRules.slice(0, 4).map((rule) => `${rule.rule} ×${rule.count}`).join(', ')}`] : []),
    scoreLine('types', report.typesScore, breakdown.weights.types, checksText(breakdown.types)),
    scoreLine('tests', report.testsScore, breakdown.weights.tests, checksText(breakdown.tests)),
    scoreLine('docs', report.docsScore, breakdown.weights.docs, checksText(breakdown.docs)),
    '',
  ];
  out.push(...findingsText(report.findings));
  if (breakdown.notAnalyzed.length) {
    out.push('', `Not analyzed (${breakdown.notAnalyzed.length}):`, ...breakdown.notAnalyzed.slice(0, 10).map((item) => `  ${item.file}: ${item.reason}`));
  }
  return `${out.join('\n')}\n`;
}

function scoreLine(category: string, score: number, weight: number, detail: string): string {
  const bar = '█'.repeat(Math.round(score / 10)).padEnd(10, '·');
  return `  ${category.padEnd(6)} ${String(score).padStart(3)} ${bar} ×${weight}%  ${detail}`;
}

function checksText(category: CategoryScore): string {
  return category.checks.map((check) => `${check.earned === check.points ? '✓' : check.earned > 0 ? '~' : '✗'} ${check.label}${check.detail ? ` (${check.detail})` : ''}`).join(' · ');
}

function findingsText(findings: QualityFinding[]): string[] {
  if (findings.length === 0) return ['No findings.'];
  const counts = SEVERITIES.map((severity) => [severity, findings.filter((finding) => finding.severity === severity)] as const).filter(([, list]) => list.length > 0).reverse();
  const out = [`Findings: ${counts.map(([severity, list]) => `${list.length} ${severity}`).join(', ')}`];
  for (const [severity, list] of counts) {
    out.push('', `${severity} (${list.length})`);
    for (const finding of list.slice(0, MAX_LISTED_PER_SEVERITY)) {
      const where = finding.line === null ? finding.file : `${finding.file}:${finding.line}:${finding.column}`;
      out.push(`  ${where}  ${finding.ruleId}`, `      ${finding.message}`);
      if (finding.snippet) out.push(`      │ ${finding.snippet}`);
    }
    if (list.length > MAX_LISTED_PER_SEVERITY) out.push(`  … and ${list.length - MAX_LISTED_PER_SEVERITY} more (--json lists all)`);
  }
  return out;
}
