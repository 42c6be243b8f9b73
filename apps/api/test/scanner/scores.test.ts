/** Scores of a well-kept package, a bare one and one in between, with the weighted formula. */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scanPackage } from '../../src/modules/moderation/scanner/scan-package.ts';
import { overallScore, scoreLint } from '../../src/modules/moderation/scanner/scores.ts';
import type { QualityReportResult } from '../../src/modules/moderation/scanner/types.ts';
import { buildTarball, createWorkspace, manifest, type Workspace } from './package-builder.ts';

let workspace: Workspace;
beforeAll(async () => {
  workspace = await createWorkspace();
});
afterAll(async () => {
  await workspace.remove();
});

async function scanFiles(files: Record<string, string>): Promise<Extract<QualityReportResult, { status: 'DONE' }>> {
  const report = await scanPackage(await buildTarball(workspace, files), { tmpDir: workspace.scans });
  if (report.status !== 'DONE') throw new Error(`scan failed: ${report.failureReason}`);
  return report;
}

const weighted = (report: { lintScore: number; typesScore: number; testsScore: number; docsScore: number }) =>
  Math.round((25 * report.lintScore + 25 * report.typesScore + 35 * report.testsScore + 15 * report.docsScore) / 100);

const readme = `# fixture-plugin\n\nAdds two numbers, carefully.\n\n## Usage\n\n\`\`\`js\nconst add = require('fixture-plugin');\nadd(1, 2); // 3\n\`\`\`\n\n${'The plugin is documented at length here. '.repeat(30)}\n`;

describe.concurrent('scores', () => {
  test('a well-kept package scores 100 in every category', async () => {
    const report = await scanFiles({
      'package.json': manifest({ types: 'index.d.ts', license: 'MIT', scripts: { test: 'vitest run' }, devDependencies: { vitest: '^4.0.0' } }),
      'README.md': readme,
      LICENSE: 'MIT License\n\nCopyright (c) 2025 Fixture\n',
      'CHANGELOG.md': '# Changelog\n\n## 1.0.0\n\n- First release.\n',
      'examples/basic.js': "const add = require('..');\nconsole.log(add(1, 2));\n",
      'index.js': "'use strict';\n\nmodule.exports = function add(a, b) {\n  return a + b;\n};\n",
      'index.d.ts': 'declare function add(a: number, b: number): number;\nexport = add;\n',
      'src/index.ts': 'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
      'test/index.test.js': "import { expect, test } from 'vitest';\nimport add from '../index.js';\n\ntest('adds', () => {\n  expect(add(1, 2)).toBe(3);\n});\n",
    });
    expect(report.breakdown.lint).toMatchObject({ errors: 0, warnings: 0, filesLinted: 4 });
    expect([report.lintScore, report.typesScore, report.testsScore, report.docsScore, report.score]).toEqual([100, 100, 100, 100, 100]);
    expect(report.breakdown.types.checks.find((check) => check.id === 'types-entry')?.detail).toBe('index.d.ts');
    expect(report.breakdown.tests.checks.find((check) => check.id === 'test-runner')?.detail).toBe('vitest');
    expect(report.breakdown.weights).toEqual({ lint: 25, types: 25, tests: 35, docs: 15 });
  });

  test('a bare package scores only on clean lint: 25', async () => {
    const report = await scanFiles({
      'package.json': manifest({ scripts: { test: 'echo "Error: no test specified" && exit 1' } }),
      'index.js': 'module.exports = function add(a, b) {\n  return a + b;\n};\n',
    });
    expect([report.lintScore, report.typesScore, report.testsScore, report.docsScore]).toEqual([100, 0, 0, 0]);
    expect(report.score).toBe(25);
    expect(report.breakdown.tests.checks.find((check) => check.id === 'test-script')).toMatchObject({ earned: 0, detail: expect.stringContaining('no test specified') });
  });

  test('a package in between: each category partial, overall by the exact weights', async () => {
    const report = await scanFiles({
      // license only as a field (10), README short without an example (25): docs 35
      'package.json': manifest({ main: 'lib/main.js', license: 'ISC', scripts: { test: 'mocha --recursive' } }),
      'README.md': '# fixture\n\nShort.\n',
      // declarations shipped but not reachable from main or a types field: types 40
      'types/extra.d.ts': 'export declare const x: number;\n',
      // one correctness error (debugger) in under 1,000 lines: lint 100 − 5·3 = 85
      'lib/main.js': "'use strict';\n\nmodule.exports = function main(value) {\n  debugger;\n  return value;\n};\n",
      // a real script naming a runner, no test files shipped: tests 35 + 15 = 50
    });
    expect(report.breakdown.lint).toMatchObject({ errors: 1, warnings: 0, topRules: [{ rule: 'eslint(no-debugger)', count: 1 }] });
    expect([report.lintScore, report.typesScore, report.testsScore, report.docsScore]).toEqual([85, 40, 50, 35]);
    // round((25·85 + 25·40 + 35·50 + 15·35) / 100) = round(5400 / 100) = 54
    expect(report.score).toBe(54);
    expect(report.score).toBe(weighted(report));
  });

  test('a package with no JavaScript or TypeScript scores 0 on lint', async () => {
    const report = await scanFiles({ 'package.json': manifest(), 'README.md': readme, 'styles.css': 'body { margin: 0; }\n' });
    expect(report.lintScore).toBe(0);
    expect(report.breakdown.lint.filesLinted).toBe(0);
    expect(report.score).toBe(weighted(report));
  });

  test("a package's own linter config neither switches rules off, hides files, nor runs its code", async () => {
    const marker = `${workspace.root}/config-code-ran`;
    const configCode = `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nexport default { categories: { correctness: 'off' } };\n`;
    const report = await scanFiles({
      'package.json': manifest(),
      'index.js': 'module.exports = function main(value) {\n  debugger;\n  return value;\n};\n',
      '.oxlintrc.json': JSON.stringify({ categories: { correctness: 'off' }, rules: { 'no-debugger': 'off' }, ignorePatterns: ['**'] }),
      '.eslintignore': '*\n',
      '.gitignore': '*\n',
      'oxlint.config.mjs': configCode,
      'oxlint.config.ts': configCode,
    });
    expect(report.breakdown.lint).toMatchObject({ errors: 1, topRules: [{ rule: 'eslint(no-debugger)', count: 1 }] });
    expect(existsSync(marker)).toBe(false);
  });

  test('minified files are not linted and do not count toward lines of code', async () => {
    const minified = `!function(){${Array.from({ length: 300 }, (_, i) => `var a${i}=${i};debugger;`).join('')}}();`;
    const report = await scanFiles({ 'package.json': manifest(), 'index.js': 'module.exports = 1;\n', 'dist/index.min.js': minified });
    expect(report.breakdown.lint).toMatchObject({ errors: 0, filesLinted: 1, minifiedFilesSkipped: 1, linesOfCode: 1 });
    expect(report.lintScore).toBe(100);
  });
});

describe('the formulas themselves', () => {
  test('overall score weights lint 25, types 25, tests 35, docs 15 and rounds half up', () => {
    expect(overallScore({ lint: 100, types: 0, tests: 0, docs: 0 })).toBe(25);
    expect(overallScore({ lint: 0, types: 0, tests: 100, docs: 0 })).toBe(35);
    expect(overallScore({ lint: 0, types: 0, tests: 0, docs: 100 })).toBe(15);
    expect(overallScore({ lint: 2, types: 0, tests: 0, docs: 0 })).toBe(1); // 0.5 → 1
    expect(overallScore({ lint: 73, types: 80, tests: 50, docs: 70 })).toBe(Math.round((25 * 73 + 25 * 80 + 35 * 50 + 15 * 70) / 100));
  });

  test('lint: 3 per error, 1 per warning, per thousand lines (at least one), 5 points each', () => {
    const diagnostics = (errors: number, warnings: number) => [
      ...Array.from({ length: errors }, () => ({ file: 'a.js', rule: 'r', severity: 'error' as const })),
      ...Array.from({ length: warnings }, () => ({ file: 'a.js', rule: 'r', severity: 'warning' as const })),
    ];
    const score = (errors: number, warnings: number, linesOfCode: number) => scoreLint({ diagnostics: diagnostics(errors, warnings), linesOfCode, filesLinted: 1, minifiedFilesSkipped: 0 }).score;
    expect(score(0, 0, 10)).toBe(100);
    expect(score(1, 0, 10)).toBe(85);
    expect(score(0, 4, 500)).toBe(80);
    expect(score(68, 12, 40_557)).toBe(73); // lodash 4.18.1
    expect(score(7, 0, 100)).toBe(0);
  });
});
