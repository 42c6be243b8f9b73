/**
 * The four quality scores (0–100 each) and the overall score, with the weights of the design
 * (lint 25, types 25, tests 35, docs 15). Each category score is a sum of checks with fixed
 * points, so the breakdown shows exactly what earned what.
 */
import type { LintDiagnostic } from './lint.ts';
import { manifestScripts, manifestString } from './manifest.ts';
import { isBundledDependency, isDeclarationFile, isTestFile, isTypeScriptSource } from './package-files.ts';
import type { CategoryScore, LintSummary, PackageFile, PackageManifest, ScoreCheck } from './types.ts';

export const SCORE_WEIGHTS = { lint: 25, types: 25, tests: 35, docs: 15 } as const;

export const OVERALL_FORMULA = 'round((25·lint + 25·types + 35·tests + 15·docs) / 100)';

/** The overall score, 0–100: the weighted mean of the four, rounded half up. */
export function overallScore(scores: { lint: number; types: number; tests: number; docs: number }): number {
  const weighted = SCORE_WEIGHTS.lint * scores.lint + SCORE_WEIGHTS.types * scores.types + SCORE_WEIGHTS.tests * scores.tests + SCORE_WEIGHTS.docs * scores.docs;
  return Math.round(weighted / 100);
}

export const LINT_FORMULA = 'clamp(round(100 − 5 · (3·errors + warnings) / max(1, linesOfCode / 1000)), 0, 100); 0 when there is no readable source';

/**
 * Lint score: weighted problems per thousand lines (an error counts 3, a warning 1; packages
 * under 1,000 lines count as 1,000), 5 points off per unit. One error in a small package: 85;
 * seven: 0. No unminified JS/TS at all scores 0: there is nothing a reviewer can read.
 */
export function scoreLint(input: { diagnostics: LintDiagnostic[]; linesOfCode: number; filesLinted: number; minifiedFilesSkipped: number }): LintSummary {
  const errors = input.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  const warnings = input.diagnostics.length - errors;
  const density = (3 * errors + warnings) / Math.max(1, input.linesOfCode / 1000);
  const score = input.filesLinted === 0 ? 0 : clamp(Math.round(100 - 5 * density));
  const byRule = new Map<string, number>();
  for (const diagnostic of input.diagnostics) byRule.set(diagnostic.rule, (byRule.get(diagnostic.rule) ?? 0) + 1);
  const topRules = [...byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10).map(([rule, count]) => ({ rule, count }));
  return { score, errors, warnings, linesOfCode: input.linesOfCode, filesLinted: input.filesLinted, minifiedFilesSkipped: input.minifiedFilesSkipped, topRules, formula: LINT_FORMULA };
}

/** A README file name (checked at the package root). */
export const README = /^readme(\.(md|markdown|mdown|txt|rst|adoc|org))?$/i;
const LICENSE = /^(licen[cs]e|copying)([.-][\w.-]*)?$/i;
const CHANGELOG = /^(changelog|changes|history|releases|news)(\.(md|markdown|txt|rst|adoc))?$/i;
const EXAMPLES = /^(examples?|demos?)\//i;

/**
 * Docs: README 25 (+15 when it has at least 1,000 characters), LICENSE file 20 (10 for only a
 * `license` field), CHANGELOG 20, examples folder 20 (10 for a fenced code example in the README).
 */
export function scoreDocs(files: PackageFile[], manifest: PackageManifest, readmeText: string | null): CategoryScore {
  const atRoot = (pattern: RegExp) => files.find((file) => !file.path.includes('/') && pattern.test(file.path))?.path;
  const readme = atRoot(README);
  const license = atRoot(LICENSE);
  const changelog = atRoot(CHANGELOG);
  const examples = files.find((file) => EXAMPLES.test(file.path))?.path;
  const readmeLength = readmeText?.trim().length ?? 0;
  const hasCodeExample = /^\s*(```|~~~)/m.test(readmeText ?? '');
  const licenseField = manifestString(manifest, 'license');
  return sumChecks([
    check('readme', 'README', 25, readme ? 25 : 0, readme),
    check('readme-substantial', 'README of 1,000+ characters', 15, readmeLength >= 1_000 ? 15 : 0, readme ? `${readmeLength} characters` : undefined),
    check('license', 'LICENSE file', 20, license ? 20 : licenseField ? 10 : 0, license ?? (licenseField ? `only "license": "${licenseField}" in package.json` : undefined)),
    check('changelog', 'CHANGELOG', 20, changelog ? 20 : 0, changelog),
    check('examples', 'Examples', 20, examples ? 20 : hasCodeExample ? 10 : 0, examples ? examples.split('/')[0] + '/' : hasCodeExample ? 'code block in README' : undefined),
  ]);
}

/**
 * Types: declaration files shipped 40; declarations reachable 40 (a `types`/`typings` field or
 * an `exports` "types" condition naming a shipped file, or `index.d.ts` beside the main file);
 * TypeScript sources 20.
 */
export function scoreTypes(files: PackageFile[], manifest: PackageManifest): CategoryScore {
  const own = files.filter((file) => !isBundledDependency(file.path));
  const paths = new Set(own.map((file) => file.path));
  const declarations = own.filter((file) => isDeclarationFile(file.path));
  const typeScript = own.filter((file) => isTypeScriptSource(file.path));
  const entry = reachableDeclaration(manifest, paths);
  return sumChecks([
    check('declarations', 'Declaration files (.d.ts)', 40, declarations.length > 0 ? 40 : 0, declarations.length > 0 ? `${declarations.length} files` : undefined),
    check('types-entry', 'Types entry point', 40, entry ? 40 : 0, entry),
    check('typescript-sources', 'TypeScript sources', 20, typeScript.length > 0 ? 20 : 0, typeScript.length > 0 ? `${typeScript.length} files` : undefined),
  ]);
}

function reachableDeclaration(manifest: PackageManifest, paths: Set<string>): string | undefined {
  const normalize = (path: string) => path.replace(/^\.\//, '');
  const declared = [manifestString(manifest, 'types'), manifestString(manifest, 'typings'), ...typesConditions(manifest.exports)].filter((path): path is string => !!path);
  for (const path of declared) {
    const file = normalize(path);
    if (paths.has(file)) return file;
    if (paths.has(`${file.replace(/\/$/, '')}/index.d.ts`)) return `${file}/index.d.ts`;
  }
  const main = normalize(manifestString(manifest, 'main') ?? 'index.js');
  const beside = main.replace(/\.[cm]?js$/, '').replace(/\/$/, '/index');
  for (const candidate of [`${beside}.d.ts`, `${beside}/index.d.ts`]) if (paths.has(candidate)) return candidate;
  return undefined;
}

/** Every string under a "types" key anywhere in an `exports` map (Node's conditional exports). */
function typesConditions(exportsField: unknown): string[] {
  if (!exportsField || typeof exportsField !== 'object') return [];
  return Object.entries(exportsField).flatMap(([key, value]) => (key === 'types' && typeof value === 'string' ? [value] : typesConditions(value)));
}

const NPM_DEFAULT_TEST = /no test specified/i;
const NO_OP_TEST = /^\s*(exit\s+0|true|:|echo\b[^&|;]*)\s*$/;
const TEST_RUNNERS = ['jest', 'vitest', 'mocha', 'ava', 'tap', 'tape', 'uvu', 'jasmine', 'karma', '@playwright/test', 'cypress', 'node:test', 'borp', 'c8', 'nyc', 'xo', 'tsd'];
const RUNNER_CONFIG = /^(jest|vitest|vite|karma|playwright|cypress|ava)\.config\.[cm]?[jt]s$|^\.mocharc(\.\w+)?$|^\.taprc$/i;

/**
 * Tests: test files shipped 50 (test folders, *.test.*, *.spec.*); a real `test` script 35 (not
 * npm's default "no test specified", not a no-op like `exit 0`); a test runner 15 (named in the
 * test script or devDependencies, `node --test`, or a runner config file).
 */
export function scoreTests(files: PackageFile[], manifest: PackageManifest): CategoryScore {
  const testFiles = files.filter((file) => !isBundledDependency(file.path) && isTestFile(file.path));
  const script = manifestScripts(manifest).test;
  const isRealScript = !!script && !NPM_DEFAULT_TEST.test(script) && !NO_OP_TEST.test(script);
  const devDependencies = manifest.devDependencies && typeof manifest.devDependencies === 'object' ? Object.keys(manifest.devDependencies) : [];
  const runner =
    TEST_RUNNERS.find((name) => devDependencies.includes(name)) ??
    (isRealScript ? TEST_RUNNERS.find((name) => new RegExp(`(^|[\\s/])${name.replace(/[/@.]/g, '\\$&')}\\b`).test(script)) : undefined) ??
    (isRealScript && /\bnode\s+(.*\s)?--test\b/.test(script) ? 'node --test' : undefined) ??
    files.find((file) => !file.path.includes('/') && RUNNER_CONFIG.test(file.path))?.path;
  return sumChecks([
    check('test-files', 'Test files', 50, testFiles.length > 0 ? 50 : 0, testFiles.length > 0 ? `${testFiles.length} files` : undefined),
    check('test-script', 'A real test script', 35, isRealScript ? 35 : 0, script ? `"test": "${script.slice(0, 80)}"` : undefined),
    check('test-runner', 'A test runner', 15, runner ? 15 : 0, runner),
  ]);
}

function check(id: string, label: string, points: number, earned: number, detail: string | undefined): ScoreCheck {
  return detail === undefined ? { id, label, points, earned } : { id, label, points, earned, detail };
}

function sumChecks(checks: ScoreCheck[]): CategoryScore {
  return { score: clamp(checks.reduce((sum, item) => sum + item.earned, 0)), checks };
}

const clamp = (value: number) => Math.min(100, Math.max(0, value));
