/**
 * `npm run scan -- <file.tgz | npm package spec> [--json] [--timeout <seconds>]`: the quality
 * report the moderation queue shows, for any package. A spec (`lodash`, `chalk@5`,
 * `@babel/core@7.24.0`) is fetched with `npm pack` into a temporary folder first.
 * Exit code: 0 when the scan is DONE, 1 when it FAILED, 2 for a usage error.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatReport } from '../modules/moderation/index.ts';
import { DEFAULT_SCAN_TIMEOUT_MS } from '../modules/moderation/index.ts';
import { packNpmPackage } from '../modules/moderation/index.ts';
import { ScanError } from '../modules/moderation/index.ts';
import { scanPackage } from '../modules/moderation/index.ts';

const USAGE = 'usage: npm run scan -- <file.tgz | npm package spec> [--json] [--timeout <seconds>]';

let parsed: ReturnType<typeof parseCommandLine>;
try {
  parsed = parseCommandLine();
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const { target, isJson, timeoutMs } = parsed;

const isTarball = /\.(tgz|tar\.gz)$/i.test(target) || existsSync(target);
const packFolder = isTarball ? null : await mkdtemp(join(tmpdir(), 'marketdesk-pack-'));
try {
  if (!isJson && packFolder) console.error(`npm pack ${target} …`);
  const tgzPath = packFolder ? await packNpmPackage(target, packFolder) : target;
  const report = await scanPackage(tgzPath, { timeoutMs });
  process.stdout.write(isJson ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, target));
  process.exitCode = report.status === 'DONE' ? 0 : 1;
} catch (error) {
  if (!(error instanceof ScanError)) throw error;
  process.stdout.write(isJson ? `${JSON.stringify({ status: 'FAILED', failureReason: error.message, failureCode: error.code }, null, 2)}\n` : `${target}: FAILED — ${error.message} [${error.code}]\n`);
  process.exitCode = 1;
} finally {
  if (packFolder) await rm(packFolder, { recursive: true, force: true });
}

function parseCommandLine() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 1) throw new Error('give exactly one tarball or package spec');
  const seconds = values.timeout === undefined ? DEFAULT_SCAN_TIMEOUT_MS / 1000 : Number(values.timeout);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error('--timeout takes a number of seconds');
  return { target: positionals[0]!, isJson: values.json, timeoutMs: Math.round(seconds * 1000) };
}
