/** `npm run scan` on local tarballs: the JSON report, the human report, and exit codes. */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildTarball, createWorkspace, manifest, type Workspace } from './package-builder.ts';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../src/cli/scan.ts', import.meta.url));

let workspace: Workspace;
beforeAll(async () => {
  workspace = await createWorkspace();
});
afterAll(async () => {
  await workspace.remove();
});

async function scanCli(...args: string[]): Promise<{ stdout: string; exitCode: number }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], { timeout: 60_000 });
    return { stdout, exitCode: 0 };
  } catch (error) {
    const failed = error as { stdout: string; code: number };
    return { stdout: failed.stdout, exitCode: failed.code };
  }
}

describe.concurrent('npm run scan', () => {
  test('--json prints the report and exits 0', async () => {
    const tgz = await buildTarball(workspace, { 'package.json': manifest({ scripts: { postinstall: 'node setup.js' } }), 'index.js': 'eval(process.argv[2]);\n' });
    const { stdout, exitCode } = await scanCli(tgz, '--json');
    expect(exitCode).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ status: 'DONE', manifest: { name: 'fixture-plugin' }, files: [{ path: 'index.js' }, { path: 'package.json' }] });
    expect(report.findings.map((finding: { ruleId: string }) => finding.ruleId)).toEqual(['security/eval', 'security/install-script']);
  });

  test('the human report lists scores and findings by severity with file:line and the code line', async () => {
    const tgz = await buildTarball(workspace, { 'package.json': manifest(), 'index.js': "const cp = require('child_process');\nmodule.exports = cp;\n" });
    const { stdout, exitCode } = await scanCli(tgz);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('fixture-plugin@1.0.0 — quality report');
    expect(stdout).toMatch(/Score \d+\/100/);
    expect(stdout).toMatch(/lint\s+100/);
    expect(stdout).toContain('MEDIUM (1)\n  index.js:1:12  security/child-process');
    expect(stdout).toContain("│ const cp = require('child_process');");
  });

  test('a refused tarball prints the reason and exits 1', async () => {
    const tgz = join(workspace.tarballs, 'not-a-tarball.tgz');
    await writeFile(tgz, 'hello');
    const { stdout, exitCode } = await scanCli(tgz);
    expect(exitCode).toBe(1);
    expect(stdout).toContain('FAILED — not a gzip file');
  });

  test('no argument is a usage error (exit 2)', async () => {
    expect((await scanCli()).exitCode).toBe(2);
  });
});
