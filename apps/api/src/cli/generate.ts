/**
 * `npm run generate`: `prisma generate` on these machines. The Prisma CLI insists on a
 * schema-engine binary it would download; generate never runs it, so any existing file
 * satisfies it (DESIGN.md). Where the binary exists or can be downloaded, nothing changes.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from '../platform/config.ts';

const require = createRequire(import.meta.url);
const cli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build/index.js');
const result = spawnSync(process.execPath, [cli, 'generate', '--schema', path.join(REPO_ROOT, 'prisma/schema.prisma')], {
  // Prisma's progress goes to stderr: stdout stays for the command that runs after it (`npm run scan -- … --json | jq`).
  stdio: ['inherit', 'pipe', 'inherit'],
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
process.stderr.write(result.stdout ?? '');
process.exit(result.status ?? 1);
