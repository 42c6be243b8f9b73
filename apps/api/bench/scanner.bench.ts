/**
 * The quality scanner over real npm packages (plugins from the catalog, pinned versions, plus
 * lodash for a 1,000-file package and typescript for a large one), fetched once with `npm pack`
 * into <data>/bench-packages. In one run, alternating per round (best of 2; the machines are
 * shared and noisy, so compare the ratio, and read the load printed beside it):
 * - baseline: one package at a time, its analysis on one thread (as before the scan pool);
 * - one at a time on the scan pool (the analysis in slices over its threads): each package's
 *   own time, the largest package's figure;
 * - the pool's throughput: as many packages at once as the pool has threads, as the scan
 *   worker drains its queue.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/platform/config.ts';
import { closeScanPool, DEFAULT_SCAN_TIMEOUT_MS, scanPoolThreads } from '../src/modules/moderation/index.ts';
import { packNpmPackageCached } from '../src/modules/moderation/index.ts';
import { scanPackage } from '../src/modules/moderation/index.ts';
import type { BenchRow } from './measure.ts';

const PACKAGES = [
  'postcss-value-parser@4.2.0',
  'eslint-plugin-prettier@5.5.7',
  'babel-plugin-istanbul@8.0.2',
  '@vitejs/plugin-react@6.3.0',
  'terser-webpack-plugin@5.6.1',
  'postcss-selector-parser@7.2.1',
  'eslint-plugin-import@2.32.0',
  'eslint-plugin-react@7.37.5',
  '@typescript-eslint/eslint-plugin@8.73.0',
  'lodash@4.17.21',
  // The large end: 4 MB packed, 21 MB unpacked, single files of 9 MB.
  'typescript@5.6.3',
];
const ROUNDS = 2;
const MB = 1024 * 1024;

interface Scanned {
  spec: string;
  tarballBytes: number;
  expandedBytes: number;
  scanMs: number;
  status: string;
}

export async function benchScanner(): Promise<BenchRow[]> {
  const folder = join(loadConfig().dataDir, 'bench-packages');
  const tarballs: { spec: string; path: string }[] = [];
  const missing: string[] = [];
  for (const spec of PACKAGES) {
    try {
      tarballs.push({ spec, path: await packNpmPackageCached(spec, folder) });
    } catch (error) {
      missing.push(`${spec} (${(error as Error).message.slice(0, 80)})`);
    }
  }
  if (tarballs.length === 0) {
    return [{ figure: 'scanner throughput (real npm packages)', value: 'not measured: the npm registry did not answer and no package is cached', target: '', baseline: `cache: ${folder}` }];
  }

  const threads = scanPoolThreads();
  await scanPackage(tarballs[0]!.path); // starts the pool's threads, as a running API has them
  const loadBefore = loadavg()[0]!;
  let baseline: Run | null = null;
  let onPool: Run | null = null;
  let atOnce: Run | null = null;
  for (let round = 0; round < ROUNDS; round += 1) {
    baseline = fastest(baseline, await scanAll(tarballs, 1, true));
    onPool = fastest(onPool, await scanAll(tarballs, 1, false));
    atOnce = fastest(atOnce, await scanAll(tarballs, threads, false));
  }
  const load = `load ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${threads} pool threads`;
  await closeScanPool();

  const done = atOnce!.scanned.filter((sample) => sample.status === 'DONE');
  if (done.length === 0) {
    return [{ figure: 'scanner throughput (real npm packages)', value: 'not measured: every scan failed', target: '', baseline: atOnce!.scanned.map((sample) => `${sample.spec}: ${sample.status}`).join('; ') }];
  }
  const packedMb = sum(done.map((sample) => sample.tarballBytes)) / MB;
  const unpackedMb = sum(done.map((sample) => sample.expandedBytes)) / MB;
  const rate = (run: Run) => run.scanned.filter((sample) => sample.status === 'DONE').length / (run.wallMs / 1000);
  const failed = atOnce!.scanned.filter((sample) => sample.status !== 'DONE').map((sample) => `${sample.spec}: ${sample.status}`);
  const notes = [...(missing.length ? [`not fetched: ${missing.join('; ')}`] : []), ...(failed.length ? [`failed: ${failed.join('; ')}`] : [])];
  const largestOnPool = [...onPool!.scanned].sort((a, b) => b.tarballBytes - a.tarballBytes)[0]!;
  const largestBaseline = baseline!.scanned.find((sample) => sample.spec === largestOnPool.spec)!;
  const largestRate = largestOnPool.tarballBytes / MB / (largestOnPool.scanMs / 1000);

  return [
    {
      figure: `scanner, ${done.length} real npm packages (${packedMb.toFixed(1)} MB packed, ${unpackedMb.toFixed(1)} MB unpacked), ${threads} at a time on the scan pool`,
      value: `${rate(atOnce!).toFixed(2)} packages/s (${(atOnce!.wallMs / 1000).toFixed(1)} s), ${(unpackedMb / (atOnce!.wallMs / 1000)).toFixed(2)} MB/s unpacked; ${(rate(atOnce!) / rate(baseline!)).toFixed(2)}× the baseline (${load})`,
      target: `≥ 2 packages/s on 2 cores`,
      baseline: `one at a time, analysis on one thread: ${rate(baseline!).toFixed(2)} packages/s (${(baseline!.wallMs / 1000).toFixed(1)} s); one at a time on the pool: ${rate(onPool!).toFixed(2)} packages/s${notes.length ? `; ${notes.join('; ')}` : ''}`,
    },
    {
      figure: `scanner, largest package: ${largestOnPool.spec} (${(largestOnPool.tarballBytes / MB).toFixed(1)} MB packed, ${(largestOnPool.expandedBytes / MB).toFixed(1)} MB unpacked), alone on the pool`,
      value: `${(largestOnPool.scanMs / 1000).toFixed(2)} s, ${largestRate.toFixed(2)} MB/s packed`,
      target: `a 50 MB upload inside the ${DEFAULT_SCAN_TIMEOUT_MS / 1000} s limit (≥ ${(50 / (DEFAULT_SCAN_TIMEOUT_MS / 1000)).toFixed(2)} MB/s packed)`,
      baseline: `analysis on one thread: ${(largestBaseline.scanMs / 1000).toFixed(2)} s; ~${(50 / largestRate).toFixed(0)} s for 50 MB at the pool's rate`,
    },
  ];
}

interface Run {
  wallMs: number;
  scanned: Scanned[];
}

/** Scans every tarball, `concurrency` at a time (each loop takes the next one, as drainScans' loops claim). */
async function scanAll(tarballs: { spec: string; path: string }[], concurrency: number, isInProcess: boolean): Promise<Run> {
  const scanned: Scanned[] = [];
  let next = 0;
  const started = performance.now();
  const loop = async () => {
    for (let index = next++; index < tarballs.length; index = next++) {
      const { spec, path } = tarballs[index]!;
      const scanStarted = performance.now();
      const report = await scanPackage(path, { timeoutMs: DEFAULT_SCAN_TIMEOUT_MS, isInProcess });
      const stats = report.status === 'DONE' ? report.breakdown.stats : { tarballBytes: 0, expandedBytes: 0 };
      scanned[index] = { spec, tarballBytes: stats.tarballBytes, expandedBytes: stats.expandedBytes, scanMs: performance.now() - scanStarted, status: report.status === 'DONE' ? 'DONE' : `FAILED ${report.failureCode}` };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { wallMs: performance.now() - started, scanned };
}

/** The faster whole run; per package, its faster scan. */
function fastest(best: Run | null, run: Run): Run {
  if (!best) return run;
  return {
    wallMs: Math.min(best.wallMs, run.wallMs),
    scanned: run.scanned.map((sample, index) => (sample.scanMs < best.scanned[index]!.scanMs ? sample : best.scanned[index]!)),
  };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
