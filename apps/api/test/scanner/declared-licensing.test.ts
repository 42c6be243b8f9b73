/**
 * package.json's `marketdesk` declaration through the real scanner: what the report carries as
 * `declared`, the findings comparing it with the plugin's tiers, and malformed declarations
 * (a finding naming the field, never a failed scan).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TierOffer } from '../../src/modules/moderation/scanner/declared-licensing.ts';
import { scanPackage } from '../../src/modules/moderation/scanner/scan-package.ts';
import type { QualityFinding, QualityReportResult } from '../../src/modules/moderation/scanner/types.ts';
import { buildTarball, createWorkspace, manifest, type Workspace } from './package-builder.ts';

let workspace: Workspace;
beforeAll(async () => {
  workspace = await createWorkspace();
});
afterAll(async () => {
  await workspace.remove();
});

/** Scans a package whose package.json carries `fields`, compared with `tiers` when given. */
async function scan(fields: Record<string, unknown>, tiers?: TierOffer[]): Promise<Extract<QualityReportResult, { status: 'DONE' }>> {
  const tgz = await buildTarball(workspace, { 'package.json': manifest(fields), 'index.js': 'module.exports = () => 1;\n' });
  const report = await scanPackage(tgz, { tmpDir: await workspace.scanFolder(), tiers });
  expect(report.status, report.failureReason).toBe('DONE');
  return report as Extract<QualityReportResult, { status: 'DONE' }>;
}

const licensingFindings = (report: { findings: QualityFinding[] }) =>
  report.findings.filter((finding) => finding.ruleId.startsWith('licensing/')).map((finding) => [finding.ruleId, finding.severity, finding.message]);

const TIERS: TierOffer[] = [
  { key: 'free', entitlements: ['plugin.use'], metrics: ['api_calls'] },
  { key: 'pro', entitlements: ['plugin.use', 'team-sync'], metrics: ['api_calls', 'exports'] },
  { key: 'enterprise', entitlements: ['plugin.use', 'team-sync', 'sso'], metrics: ['api_calls', 'exports'] },
];

describe.concurrent('declared entitlements and metrics', () => {
  test('the report carries what the package declares, deduplicated, with no finding when no tier is given', async () => {
    const report = await scan({ marketdesk: { entitlements: ['plugin.use', 'team-sync', 'plugin.use', '2fa'], metrics: ['api_calls', 'exports'] } });
    expect(report.declared).toEqual({ entitlements: ['plugin.use', 'team-sync', '2fa'], metrics: ['api_calls', 'exports'] });
    expect(licensingFindings(report)).toEqual([]);
  });

  test('a package without a marketdesk field declares nothing (null), and the scan is unchanged', async () => {
    const report = await scan({});
    expect(report.declared).toBeNull();
    expect(licensingFindings(report)).toEqual([]);
  });

  test('a declaration matching the tiers gives no finding', async () => {
    const report = await scan({ marketdesk: { entitlements: ['plugin.use', 'team-sync', 'sso'], metrics: ['api_calls', 'exports'] } }, TIERS);
    expect(licensingFindings(report)).toEqual([]);
  });

  test('what a tier sells and the package never checks is MEDIUM, naming the tiers; what no tier sells is INFO', async () => {
    const report = await scan({ marketdesk: { entitlements: ['plugin.use', 'export.pdf'], metrics: ['api_calls', 'tokens'] } }, TIERS);
    expect(licensingFindings(report)).toEqual([
      ['licensing/undeclared', 'MEDIUM', 'tiers pro and enterprise sell the entitlement team-sync but the package never checks it (not in marketdesk.entitlements).'],
      ['licensing/undeclared', 'MEDIUM', 'tier enterprise sells the entitlement sso but the package never checks it (not in marketdesk.entitlements).'],
      ['licensing/undeclared', 'MEDIUM', 'tiers pro and enterprise sell the metric exports but the package never reports it (not in marketdesk.metrics).'],
      ['licensing/unsold', 'INFO', 'The package declares the entitlement export.pdf (marketdesk.entitlements) but no tier of the plugin sells it.'],
      ['licensing/unsold', 'INFO', 'The package declares the metric tokens (marketdesk.metrics) but no tier of the plugin sells it.'],
    ]);
    const finding = report.findings.find((f) => f.ruleId === 'licensing/undeclared')!;
    expect(finding).toMatchObject({ file: 'package.json', line: 5, column: 3, snippet: '"marketdesk": {' });
    expect(report.breakdown.findingsBySeverity.MEDIUM).toBeGreaterThanOrEqual(3);
  });

  test('without a declaration, everything the tiers sell is undeclared (no line to point at)', async () => {
    const report = await scan({}, [{ key: 'pro', entitlements: ['team-sync'], metrics: ['api_calls'] }]);
    expect(report.findings.filter((f) => f.ruleId === 'licensing/undeclared').map((f) => [f.message, f.line])).toEqual([
      ['tier pro sells the entitlement team-sync but the package never checks it (not in marketdesk.entitlements).', null],
      ['tier pro sells the metric api_calls but the package never reports it (not in marketdesk.metrics).', null],
    ]);
  });
});

describe.concurrent('malformed declarations', () => {
  test('marketdesk that is not an object: a LOW finding naming the field, an empty declaration, the scan DONE', async () => {
    const report = await scan({ marketdesk: 'team-sync' });
    expect(report.declared).toEqual({ entitlements: [], metrics: [] });
    expect(report.findings.filter((f) => f.ruleId === 'licensing/declaration-invalid')).toEqual([
      expect.objectContaining({ severity: 'LOW', file: 'package.json', line: 5, message: 'marketdesk: must be an object like { "entitlements": [...], "metrics": [...] }; it is left out of the declaration.' }),
    ]);
  });

  test('a list that is not an array, and bad items, each named by field and index; the valid names are kept', async () => {
    const report = await scan({ marketdesk: { entitlements: { sso: true }, metrics: ['api_calls', 'API Calls', 42, null, '9lives', 'x'.repeat(65)] } });
    expect(report.declared).toEqual({ entitlements: [], metrics: ['api_calls'] });
    expect(report.findings.filter((f) => f.ruleId === 'licensing/declaration-invalid').map((f) => f.message)).toEqual([
      'marketdesk.entitlements: must be an array of strings; it is left out of the declaration.',
      expect.stringMatching(/^marketdesk\.metrics\[1\]: "API Calls" is not a valid name \(1–64 characters .*starting with a letter\)/),
      expect.stringMatching(/^marketdesk\.metrics\[2\]: number 42 is not a valid name/),
      expect.stringMatching(/^marketdesk\.metrics\[3\]: null is not a valid name/),
      expect.stringMatching(/^marketdesk\.metrics\[4\]: "9lives" is not a valid name/),
      expect.stringMatching(/^marketdesk\.metrics\[5\]: "x{65}" is not a valid name/),
    ]);
  });

  test('more than 50 names: the first 50 are kept and the field is named', async () => {
    const names = Array.from({ length: 60 }, (_, i) => `feature-${i}`);
    const report = await scan({ marketdesk: { entitlements: names } });
    expect(report.declared).toEqual({ entitlements: names.slice(0, 50), metrics: [] });
    expect(licensingFindings(report)).toEqual([
      ['licensing/declaration-invalid', 'LOW', 'marketdesk.entitlements: declares 60 names, more than 50; only the first 50 are kept.'],
    ]);
  });
});
