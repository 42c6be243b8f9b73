/**
 * Fetches a package from the npm registry as a .tgz with `npm pack <spec>` — the same tarball
 * `npm install` would download. Scripts are never run (`--ignore-scripts`), and the spec is
 * passed as one argument without a shell.
 */
import { execFile } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ScanError } from './scan-error.ts';

const run = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Packs `spec` (e.g. `lodash`, `chalk@5`, `@babel/core@7.24.0`) into `destination` and returns
 * the tarball's path. Throws ScanError PACK_FAILED with npm's message (unknown package, no
 * network, timeout after `timeoutMs`, default 60 s).
 */
export async function packNpmPackage(spec: string, destination: string, { timeoutMs = 60_000 } = {}): Promise<string> {
  if (spec.startsWith('-') || spec.trim() === '') throw new ScanError('PACK_FAILED', `not a package spec: ${JSON.stringify(spec)}`);
  try {
    const { stdout } = await run(NPM, ['pack', spec, '--pack-destination', destination, '--json', '--ignore-scripts', '--silent'], { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 });
    const [packed] = JSON.parse(stdout) as { filename: string }[];
    if (!packed?.filename) throw new Error('npm pack printed no file name');
    return join(destination, packed.filename.replace(/^@/, '').replace(/\//g, '-'));
  } catch (error) {
    throw new ScanError('PACK_FAILED', `npm pack ${spec} failed: ${npmErrorSummary(error).slice(0, 300)}`, { cause: error });
  }
}

/** npm's own summary (`E404 Not Found - GET https://…`) from its --json error, else the process error. */
function npmErrorSummary(error: unknown): string {
  const { stdout, killed, message } = error as { stdout?: string; killed?: boolean; message?: string };
  if (killed) return 'timed out';
  try {
    const parsed = JSON.parse(stdout ?? '') as { error?: { code?: string; summary?: string } };
    if (parsed.error?.summary) return `${parsed.error.code ?? ''} ${parsed.error.summary}`.trim();
  } catch {
    // not npm's JSON: fall through to the process error
  }
  return message ?? String(error);
}

/**
 * Like `packNpmPackage` for an exact `name@version`, but reuses `folder/<name>-<version>.tgz`
 * when an earlier run left it there (npm's own file name for the tarball).
 */
export async function packNpmPackageCached(spec: string, folder: string, options: { timeoutMs?: number } = {}): Promise<string> {
  const exact = /^(@?[^@\s]+)@(\d+\.\d+\.\d+[-+.\w]*)$/.exec(spec);
  if (exact) {
    const cached = join(folder, `${exact[1]!.replace(/^@/, '').replace(/\//g, '-')}-${exact[2]}.tgz`);
    if (await isFile(cached)) return cached;
  }
  await mkdir(folder, { recursive: true });
  return packNpmPackage(spec, folder, options);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
