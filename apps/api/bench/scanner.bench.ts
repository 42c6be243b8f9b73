/**
 * The quality scanner over real npm packages (plugins from the catalog, pinned versions, plus
 * lodash for a 1,000-file package and typescript for a large one), fetched once with `npm pack`
 * into <data>/bench-packages (best of 3 rounds per package; the machines are shared and noisy):
 * packages per second and MB per second for whole scans, one at a time as the worker runs them,
 * compared in the same run with unpacking alone (the floor every scan pays).
 */
import { join } from 'node:path';
import { loadConfig } from '../src/platform/config.ts';
import { DEFAULT_SCAN_TIMEOUT_MS } from '../src/modules/moderation/index.ts';
import { packNpmPackageCached } from '../src/modules/moderation/index.ts';
import { scanPackage } from '../src/modules/moderation/index.ts';
import { withUnpackedPackage } from '../src/modules/moderation/index.ts';
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
const ROUNDS = 3;
const MB = 1024 * 1024;

interface Sample {
  spec: string;
  tarballBytes: number;
  expandedBytes: number;
  scanMs: number;
  unpackMs: number;
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

  await scanPackage(tarballs[0]!.path); // starts the analysis worker, as a running API has
  const samples: Sample[] = [];
  for (const { spec, path } of tarballs) {
    let best: Sample | null = null;
    for (let round = 0; round < ROUNDS; round += 1) {
      const unpackStarted = performance.now();
      await withUnpackedPackage(path, async () => undefined).catch(() => undefined); // a refused tarball shows as FAILED below
      const unpackMs = performance.now() - unpackStarted;
      const scanStarted = performance.now();
      const report = await scanPackage(path, { timeoutMs: DEFAULT_SCAN_TIMEOUT_MS });
      const scanMs = performance.now() - scanStarted;
      const stats = report.status === 'DONE' ? report.breakdown.stats : { tarballBytes: 0, expandedBytes: 0 };
      const sample = { spec, tarballBytes: stats.tarballBytes, expandedBytes: stats.expandedBytes, scanMs, unpackMs, status: report.status === 'DONE' ? 'DONE' : `FAILED ${report.failureCode}` };
      if (!best || sample.scanMs < best.scanMs) best = sample;
    }
    samples.push(best!);
  }

  const done = samples.filter((sample) => sample.status === 'DONE');
  if (done.length === 0) {
    return [{ figure: 'scanner throughput (real npm packages)', value: 'not measured: every scan failed', target: '', baseline: samples.map((sample) => `${sample.spec}: ${sample.status}`).join('; ') }];
  }
  const seconds = sum(done.map((sample) => sample.scanMs)) / 1000;
  const unpackSeconds = sum(done.map((sample) => sample.unpackMs)) / 1000;
  const packedMb = sum(done.map((sample) => sample.tarballBytes)) / MB;
  const unpackedMb = sum(done.map((sample) => sample.expandedBytes)) / MB;
  const largest = [...done].sort((a, b) => b.tarballBytes - a.tarballBytes)[0]!;
  const largestRate = largest.tarballBytes / MB / (largest.scanMs / 1000);
  const failed = samples.filter((sample) => sample.status !== 'DONE').map((sample) => `${sample.spec}: ${sample.status}`);
  const notes = [...(missing.length ? [`not fetched: ${missing.join('; ')}`] : []), ...(failed.length ? [`failed: ${failed.join('; ')}`] : [])];

  return [
    {
      figure: `scanner, ${done.length} real npm packages (${packedMb.toFixed(1)} MB packed, ${unpackedMb.toFixed(1)} MB unpacked), one at a time`,
      value: `${(done.length / seconds).toFixed(2)} packages/s, ${(packedMb / seconds).toFixed(2)} MB/s packed, ${(unpackedMb / seconds).toFixed(2)} MB/s unpacked; median package ${(median(done.map((sample) => sample.scanMs)) / 1000).toFixed(2)} s`,
      target: '≥ 1 package/s',
      baseline: `unpack alone ${(unpackedMb / unpackSeconds).toFixed(2)} MB/s unpacked (a scan costs ${(seconds / unpackSeconds).toFixed(1)}× unpacking)${notes.length ? `; ${notes.join('; ')}` : ''}`,
    },
    {
      figure: `scanner, largest package: ${largest.spec} (${(largest.tarballBytes / MB).toFixed(1)} MB packed, ${(largest.expandedBytes / MB).toFixed(1)} MB unpacked)`,
      value: `${(largest.scanMs / 1000).toFixed(2)} s, ${largestRate.toFixed(2)} MB/s packed`,
      target: `a 50 MB upload inside the ${DEFAULT_SCAN_TIMEOUT_MS / 1000} s limit (≥ ${(50 / (DEFAULT_SCAN_TIMEOUT_MS / 1000)).toFixed(2)} MB/s packed)`,
      baseline: `~${(50 / largestRate).toFixed(0)} s for 50 MB at this rate; unpack alone ${(largest.unpackMs / 1000).toFixed(2)} s`,
    },
  ];
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
