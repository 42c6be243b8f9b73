/**
 * `npm run bench`: runs every benchmark in one process and prints one table — the figure,
 * its target, and the baseline it is compared with in the same run (these machines are
 * shared and noisy: compare ratios, not absolute times across runs). `npm run bench -- kpis`
 * runs only the benchmarks whose name contains `kpis`. The seeded-marketplace benchmark reads
 * the whole seed at `BENCH_SCALE` (default large), built once into its own PostgreSQL database
 * and kept (seeded-database.ts); the others build the data their figure is about.
 */
import { benchAuditList } from './audit-list.bench.ts';
import { benchConsoleBundle } from './console-bundle.bench.ts';
import { benchMoneyKpis, benchSeededMoneyKpis } from './money-kpis.bench.ts';
import { benchWebhookIngest } from './webhook-ingest.bench.ts';
import { benchLicenseValidate } from './license-validate.bench.ts';
import { benchQueue } from './queue.bench.ts';
import { benchReviews } from './reviews.bench.ts';
import { benchScanner } from './scanner.bench.ts';
import type { BenchRow } from './measure.ts';
import { benchSignIn } from './sign-in.bench.ts';

const benches: [string, () => Promise<BenchRow[]>][] = [
  ['review queue', benchQueue],
  ['buyer reviews (1M)', benchReviews],
  ['quality scanner', benchScanner],
  ['audit log listing', benchAuditList],
  ['sign-in', benchSignIn],
  ['finance KPIs over the ledger', benchMoneyKpis],
  ['finance KPIs over the seeded marketplace', benchSeededMoneyKpis],
  ['webhook ingestion', benchWebhookIngest],
  ['license validation', benchLicenseValidate],
  ['console bundle', benchConsoleBundle],
];

// `npm run bench -- <words>` runs only the benchmarks whose name contains one of the words.
const only = process.argv.slice(2).map((word) => word.toLowerCase());
const rows: BenchRow[] = [];
for (const [name, run] of benches.filter(([name]) => only.length === 0 || only.some((word) => name.toLowerCase().includes(word)))) {
  const started = performance.now();
  process.stdout.write(`running ${name}… `);
  rows.push(...(await run()));
  console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const columns: (keyof BenchRow)[] = ['figure', 'value', 'target', 'baseline'];
const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
console.log(`\n${line(columns)}\n${line(widths.map((w) => '-'.repeat(w)))}`);
for (const row of rows) console.log(line(columns.map((c) => row[c])));
