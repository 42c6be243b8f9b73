/**
 * Secrets are reported by kind and place, and the value appears nowhere in the report — not in
 * the snippet, not in other findings' snippets, not in the manifest.
 */
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { packSample, SAMPLE_PACKAGES } from '../../../../prisma/seed/sample-packages.ts';
import { scanPackage } from '../../src/modules/moderation/scanner/scan-package.ts';
import { buildTarball, createWorkspace, manifest, type Workspace } from './package-builder.ts';

let workspace: Workspace;
beforeAll(async () => {
  workspace = await createWorkspace();
});
afterAll(async () => {
  await workspace.remove();
});

// Built at run time so that this file itself holds no secret-shaped string.
const awsAccessKeyId = ['AKIA', 'QX7RZ2M4PLK9W3TB'].join('');
const githubToken = ['ghp_', 'R8mK2vQ9xL4pT7wN3bY6cF1hJ5dS0gA2eU8i'].join('');
const privateKey = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const privateKeyLines = privateKey.trim().split('\n').filter((line) => !line.startsWith('-----'));

test('an AWS access key and a private key are found, by kind and line, with the values redacted', async () => {
  const tgz = await buildTarball(workspace, {
    'package.json': manifest(),
    'index.js': `const region = 'eu-west-1';\nconst accessKeyId = '${awsAccessKeyId}';\nmodule.exports = { region, accessKeyId };\n`,
    'keys/deploy.pem': privateKey,
  });
  const report = await scanPackage(tgz, { tmpDir: workspace.scans });
  expect(report.status).toBe('DONE');

  const secrets = report.findings.filter((finding) => finding.ruleId.startsWith('secret/'));
  expect(secrets).toEqual([
    expect.objectContaining({ ruleId: 'secret/aws', severity: 'CRITICAL', file: 'index.js', line: 2, column: 22, message: expect.stringMatching(/^AWS Access Key ID found \(value redacted\)/), snippet: "const accessKeyId = '[REDACTED]';" }),
    expect.objectContaining({ ruleId: 'secret/privatekey', severity: 'CRITICAL', file: 'keys/deploy.pem', line: 1, message: expect.stringMatching(/^Private Key found/), snippet: '[REDACTED]' }),
  ]);
  expect(report.hasCriticalFindings).toBe(true);

  const json = JSON.stringify(report);
  expect(json).not.toContain(awsAccessKeyId);
  for (const line of privateKeyLines) expect(json).not.toContain(line);
});

/** Every 4-character piece of `secret`: none of them may reach the report. */
function piecesOf(secret: string): string[] {
  return Array.from({ length: secret.length - 3 }, (_, index) => secret.slice(index, index + 4));
}

test('no 4-character piece of any secret in the seeded leaked-secret sample reaches a finding', async () => {
  const sample = SAMPLE_PACKAGES.find((candidate) => candidate.kind === 'leaked-secret')!;
  // The sample's secrets: every token of 16 or more characters mixing letters and digits (the
  // access key ID, the secret access key — whose tail secretlint's range once left out — and the
  // private key's lines).
  const secrets = Object.values(sample.files)
    .flatMap((content) => content.match(/[A-Za-z0-9+/=_-]{16,}/g) ?? [])
    .filter((token) => /[A-Za-z]/.test(token) && /\d/.test(token));
  expect(secrets.length).toBeGreaterThanOrEqual(5);

  const tgz = join(workspace.tarballs, 'leaked-secret.tgz');
  await packSample(sample, 'leaked-secret-sample', '1.0.0', tgz);
  const report = await scanPackage(tgz, { tmpDir: workspace.scans });
  expect(report.status).toBe('DONE');
  expect(report.findings.filter((finding) => finding.ruleId.startsWith('secret/')).map((finding) => finding.ruleId).sort()).toEqual(['secret/aws', 'secret/aws', 'secret/privatekey']);

  const stored = report.findings.map((finding) => `${finding.message}\n${finding.snippet ?? ''}`).join('\n');
  const leaked = secrets.flatMap((secret) => piecesOf(secret).filter((piece) => stored.includes(piece)).map((piece) => `${piece} of ${secret.slice(0, 4)}…`));
  expect(leaked).toEqual([]);
});

test('a secret in package.json is scrubbed from the manifest and from the install-script finding', async () => {
  const tgz = await buildTarball(workspace, {
    'package.json': manifest({
      scripts: { postinstall: `curl -H "Authorization: token ${githubToken}" https://api.github.com/user` },
      config: { githubToken },
    }),
  });
  const report = await scanPackage(tgz, { tmpDir: workspace.scans });
  expect(report.status).toBe('DONE');
  expect(report.findings.filter((finding) => finding.ruleId === 'secret/github')).not.toHaveLength(0);
  const installScript = report.findings.find((finding) => finding.ruleId === 'security/install-script');
  expect(installScript?.snippet).toContain('[REDACTED]');
  expect(report.manifest).toMatchObject({ config: { githubToken: '[REDACTED]' } });
  expect(JSON.stringify(report)).not.toContain(githubToken);
  expect(await workspace.leftoverScanFolders()).toEqual([]);
});

test('the example key from AWS documentation and ordinary code are not secrets', async () => {
  const tgz = await buildTarball(workspace, {
    'package.json': manifest(),
    'index.js': "const example = 'AKIAIOSFODNN7EXAMPLE';\nconst token = process.env.GITHUB_TOKEN;\nmodule.exports = { example, token };\n",
  });
  const report = await scanPackage(tgz, { tmpDir: workspace.scans });
  expect(report.findings.filter((finding) => finding.ruleId.startsWith('secret/'))).toEqual([]);
  expect(report.hasCriticalFindings).toBe(false);
});
