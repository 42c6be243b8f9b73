/**
 * Temporary folders for tests and benches. A test run makes thousands (a data folder per app, a
 * folder per package built), and they stayed in the system's temporary folder run after run:
 * 3,374 folders and 308 MB after one CI run and a session. Vitest ends its workers with a signal,
 * so a worker cannot clean up as it exits; instead every folder goes under one folder per run,
 * `<os.tmpdir()>/marketdesk-test-run-<pid>` (the pid of the process that started the workers:
 * vitest, or the shell of a bench), and the first folder a process makes removes the run folders
 * whose process has ended. What one run leaves is removed by the next; runs at once keep theirs.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RUN_FOLDER_PREFIX = 'marketdesk-test-run-';
const runFolder = path.join(os.tmpdir(), `${RUN_FOLDER_PREFIX}${process.ppid}`);
let isRunFolderReady = false;

/** Whether process `pid` still runs (signal 0 checks without sending; EPERM: it runs as another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the run folders of runs that have ended, then makes this run's. */
function prepareRunFolder(): void {
  for (const name of readdirSync(os.tmpdir())) {
    const pid = Number(name.slice(RUN_FOLDER_PREFIX.length));
    if (!name.startsWith(RUN_FOLDER_PREFIX) || !Number.isInteger(pid) || isRunning(pid)) continue;
    rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
  mkdirSync(runFolder, { recursive: true });
  isRunFolderReady = true;
}

/** A new empty folder `<prefix>XXXXXX` in this run's folder (removed by the first run after this one ends). */
export function makeTempDir(prefix: string): string {
  if (!isRunFolderReady) prepareRunFolder();
  return mkdtempSync(path.join(runFolder, prefix));
}
