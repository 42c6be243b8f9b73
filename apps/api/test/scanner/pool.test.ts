/**
 * The scan pool: a package is analyzed in slices on the pool's threads, and packages scanned
 * at once share the threads; neither may change a report. Compared with the one-thread pass
 * (`isInProcess`) and with the same packages scanned one at a time.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sliceFiles } from '../../src/modules/moderation/scanner/analyze-in-worker.ts';
import { scanPackage } from '../../src/modules/moderation/scanner/scan-package.ts';
import type { QualityReportResult } from '../../src/modules/moderation/scanner/types.ts';
import { buildTarball, createWorkspace, manifest, type Workspace } from './package-builder.ts';

let workspace: Workspace;
let tarballs: string[];
// Built at run time so that this file itself holds no secret-shaped string.
const awsAccessKeyId = ['AKIA', 'QX7RZ2M4PLK9W3TB'].join('');
const minifiedLine = `!function(){${Array.from({ length: 300 }, (_, i) => `var a${i}=${i};`).join('')}}();`;

beforeAll(async () => {
  workspace = await createWorkspace();
  // 250 files: three slices of at most 100 files, with findings in each slice.
  const many: Record<string, string> = { 'package.json': manifest(), 'README.md': '# Many\n\n```js\nrequire("many");\n```\n' };
  for (let i = 0; i < 250; i += 1) {
    many[`lib/file-${String(i).padStart(3, '0')}.js`] = i % 60 === 0 ? `module.exports = eval(input${i});\n` : i % 77 === 0 ? `const key = '${awsAccessKeyId}';\nmodule.exports = key;\n` : `module.exports = ${i};\n`;
  }
  tarballs = await Promise.all([
    buildTarball(workspace, many, 'many-files'),
    buildTarball(workspace, { 'package.json': manifest({ scripts: { postinstall: 'node install.js' } }), 'install.js': "require('child_process').exec('sh');\nfetch('http://10.0.0.1/x');\n", 'index.js': 'module.exports = 1;\n' }, 'installer'),
    buildTarball(workspace, { 'package.json': manifest(), 'dist/plugin.min.js': minifiedLine, 'dist/other.js': `${minifiedLine}\n${minifiedLine}` }, 'minified'),
  ]);
});
afterAll(async () => {
  await workspace.remove();
});

/** The report without its timing, the only part allowed to differ between runs. */
function withoutDuration(report: QualityReportResult): unknown {
  if (report.status !== 'DONE') return report;
  return { ...report, breakdown: { ...report.breakdown, stats: { ...report.breakdown.stats, durationMs: 0 } } };
}

test('a package of 250 files is cut into slices of consecutive files, all files once, in order', () => {
  const files = Array.from({ length: 250 }, (_, i) => ({ path: `lib/file-${String(i).padStart(3, '0')}.js`, size: 20 }));
  const slices = sliceFiles(files);
  expect(slices.map((slice) => slice.length)).toEqual([100, 100, 50]);
  expect(slices.flat()).toEqual(files);
  // A file larger than a slice's bytes is a slice of its own.
  expect(sliceFiles([{ path: 'a.js', size: 10 }, { path: 'big.js', size: 3 * 1024 * 1024 }, { path: 'b.js', size: 10 }]).map((slice) => slice.map((file) => file.path))).toEqual([['a.js'], ['big.js'], ['b.js']]);
});

test('scans on the pool, one at a time and all at once, give the reports of the one-thread pass', async () => {
  const inProcess: unknown[] = [];
  for (const tgz of tarballs) inProcess.push(withoutDuration(await scanPackage(tgz, { tmpDir: workspace.scans, isInProcess: true })));
  const oneAtATime: unknown[] = [];
  for (const tgz of tarballs) oneAtATime.push(withoutDuration(await scanPackage(tgz, { tmpDir: workspace.scans })));
  const atOnce = (await Promise.all(tarballs.map((tgz) => scanPackage(tgz, { tmpDir: workspace.scans })))).map(withoutDuration);

  expect(inProcess.map((report) => (report as QualityReportResult).status)).toEqual(['DONE', 'DONE', 'DONE']);
  const [many, installer, minified] = inProcess as QualityReportResult[];
  expect(installer!.findings.map((finding) => finding.ruleId)).toEqual(expect.arrayContaining(['security/install-script', 'security/child-process', 'security/literal-ip']));
  expect(minified!.findings.map((finding) => finding.ruleId)).toContain('security/minified-only');
  // The sliced package's findings come from all three slices.
  expect(many!.findings.filter((finding) => finding.ruleId === 'security/eval').map((finding) => finding.file)).toEqual(['lib/file-000.js', 'lib/file-060.js', 'lib/file-120.js', 'lib/file-180.js', 'lib/file-240.js']);
  expect(many!.findings.filter((finding) => finding.ruleId === 'secret/aws').map((finding) => finding.file)).toEqual(['lib/file-077.js', 'lib/file-154.js', 'lib/file-231.js']);
  expect(oneAtATime).toEqual(inProcess);
  expect(atOnce).toEqual(inProcess);
  expect(await workspace.leftoverScanFolders()).toEqual([]);
});
