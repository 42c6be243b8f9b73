/** Findings of one file, capped per rule so that a file with 500 evals stays readable. */
import { SCANNER_RULES, type ScannerRuleId } from './rules.ts';
import type { SourceLines } from './source-lines.ts';
import type { QualityFinding, Severity } from './types.ts';

/** Findings of one rule beyond this many per file are summed up in the last one. */
const MAX_PER_RULE_PER_FILE = 10;

export class FindingCollector {
  readonly #findings: QualityFinding[] = [];
  readonly #counts = new Map<string, number>();

  constructor(
    readonly path: string,
    readonly lines: SourceLines,
  ) {}

  /** Records a finding at `node.start` (a UTF-16 offset) with the code line as snippet. */
  report(ruleId: ScannerRuleId, node: { start: number }, message: string, severity: Severity = SCANNER_RULES[ruleId].severity): void {
    const count = (this.#counts.get(ruleId) ?? 0) + 1;
    this.#counts.set(ruleId, count);
    if (count > MAX_PER_RULE_PER_FILE) return;
    const { line, column } = this.lines.position(node.start);
    this.#findings.push({ ruleId, severity, file: this.path, line, column, message, snippet: this.lines.snippet(line, column) });
  }

  findings(): QualityFinding[] {
    for (const [ruleId, count] of this.#counts) {
      if (count <= MAX_PER_RULE_PER_FILE) continue;
      const last = this.#findings.findLast((finding) => finding.ruleId === ruleId);
      if (last) last.message += ` (${count - MAX_PER_RULE_PER_FILE} more like this in the file are not listed)`;
    }
    return this.#findings;
  }
}
