/**
 * Lint problems by oxlint, run as a child process with the scanner's own configuration
 * (`oxlintrc.json`: correctness rules as errors, suspicious rules as warnings). The package's
 * own oxlint/eslint configuration and ignore files are not read: a package must not be able to
 * switch rules off, hide files, or make the linter load its code (oxlint.config.ts).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScanError, throwIfAborted } from './scan-error.ts';

const CONFIG_PATH = join(dirname(fileURLToPath(import.meta.url)), 'oxlintrc.json');
const OXLINT_BIN = join(dirname(createRequire(import.meta.url).resolve('oxlint/package.json')), 'bin', 'oxlint');
/** Paths per oxlint run, in characters: well under Linux's 128 KB limit for one argument list. */
const MAX_ARGUMENT_CHARS = 96_000;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export interface LintDiagnostic {
  /** Package-relative path. */
  file: string;
  /** e.g. `eslint(no-unused-vars)` */
  rule: string;
  severity: 'error' | 'warning';
}

export interface LintOptions {
  signal?: AbortSignal;
  /** The command that runs oxlint; tests replace it with a stand-in that never answers. */
  command?: { file: string; args: string[] };
}

/**
 * Lints `paths` (package-relative) inside `root`. Throws ScanError LINTER_FAILED when oxlint
 * exits abnormally or prints something that is not its JSON report, and the abort reason
 * (TIMEOUT) when the signal fires — the child is killed with SIGKILL then.
 */
export async function runOxlint(root: string, paths: string[], options: LintOptions = {}): Promise<LintDiagnostic[]> {
  const diagnostics: LintDiagnostic[] = [];
  for (const batch of batches(paths)) {
    throwIfAborted(options.signal);
    diagnostics.push(...(await lintBatch(root, batch, options)));
  }
  return diagnostics;
}

function batches(paths: string[]): string[][] {
  const result: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const path of paths) {
    if (current.length > 0 && chars + path.length > MAX_ARGUMENT_CHARS) {
      result.push(current);
      current = [];
      chars = 0;
    }
    current.push(path);
    chars += path.length + 3;
  }
  if (current.length > 0) result.push(current);
  return result;
}

async function lintBatch(root: string, paths: string[], options: LintOptions): Promise<LintDiagnostic[]> {
  const command = options.command ?? { file: process.execPath, args: [OXLINT_BIN] };
  // `./` keeps a file named like a flag (`--fix.js`) from being read as one.
  const args = [...command.args, '--format', 'json', '-c', CONFIG_PATH, '--disable-nested-config', '--no-ignore', ...paths.map((path) => `./${path}`)];
  const output = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command.file, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal, killSignal: 'SIGKILL' });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let bytes = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_OUTPUT_BYTES) {
        child.kill('SIGKILL');
        reject(new ScanError('LINTER_FAILED', 'oxlint reported more than 64 MB of problems'));
      } else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let failure: unknown = null;
    child.once('error', (error) => {
      // Not started at all (no pid): nothing to wait for. Killed on abort: wait for 'close', so
      // the process is gone before the caller removes the folder it was reading.
      if (child.pid === undefined) reject(error);
      else failure = error;
    });
    child.once('close', (code) => {
      if (failure) reject(failure);
      else resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  }).catch((error: unknown) => {
    throwIfAborted(options.signal);
    if (error instanceof ScanError) throw error;
    throw new ScanError('LINTER_FAILED', `oxlint could not run: ${(error as Error).message}`, { cause: error });
  });
  throwIfAborted(options.signal);
  return parseReport(root, output);
}

function parseReport(root: string, output: { code: number | null; stdout: string; stderr: string }): LintDiagnostic[] {
  // oxlint exits 1 when it found errors; that is a result, not a failure.
  let report: { diagnostics?: { code?: string; severity?: string; filename?: string }[] };
  try {
    if (output.code !== 0 && output.code !== 1) throw new Error(`exit code ${output.code}`);
    // When every path is one oxlint skips by itself (e.g. *.min.js), it prints a
    // "No files found to lint" line before its (empty) JSON report.
    const start = output.stdout.indexOf('{');
    report = JSON.parse(start > 0 ? output.stdout.slice(start) : output.stdout) as typeof report;
  } catch (error) {
    const detail = (output.stderr || output.stdout).trim().slice(0, 300);
    throw new ScanError('LINTER_FAILED', `oxlint failed (${(error as Error).message})${detail ? `: ${detail}` : ''}`);
  }
  return (report.diagnostics ?? []).map((diagnostic) => ({
    file: (diagnostic.filename ?? '').replace(/^\.\//, '').replace(`${root}/`, ''),
    rule: diagnostic.code ?? 'unknown',
    severity: diagnostic.severity === 'error' ? 'error' : 'warning',
  }));
}
