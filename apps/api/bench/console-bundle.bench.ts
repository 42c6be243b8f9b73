/**
 * The console's first load: builds apps/console with its own vite.config.ts into a temporary
 * folder (so a dist the tests are serving is left alone), reads Vite's build manifest and sums
 * the gzip size (node's zlib, default level) of the JavaScript the browser loads before any lazy
 * route — the entry chunk and every chunk it statically imports, transitively, which are also
 * the script and modulepreload tags of index.html. The baseline is every JS chunk of the build,
 * lazy routes included, so the share the split keeps off the first load shows. kB = 1,000 bytes,
 * as Vite prints them. The same build is then served and loaded in Chromium for the bytes a
 * first visit transfers (console-first-visit.ts).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Manifest } from 'vite';
import { benchConsoleFirstVisit } from './console-first-visit.ts';
import type { BenchRow } from './measure.ts';

const CONSOLE_ROOT = path.resolve(import.meta.dirname, '../../console');
const TARGET_KB = 350;
const LARGEST_SHOWN = 6;

interface Chunk {
  file: string;
  gzipBytes: number;
}

/** Manifest keys of `entryKey` and every chunk it statically imports, transitively. */
function listStaticGraph(manifest: Manifest, entryKey: string): Set<string> {
  const seen = new Set<string>();
  const pending = [entryKey];
  while (pending.length > 0) {
    const key = pending.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    pending.push(...(manifest[key]?.imports ?? []));
  }
  return seen;
}

/** The JS files index.html loads itself: its module script and its modulepreload links. */
function listHtmlScripts(html: string): string[] {
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
  return tags
    .filter((tag) => /type="module"/.test(tag) || /rel="modulepreload"/.test(tag))
    .map((tag) => /(?:src|href)="\/?([^"]+\.js)"/.exec(tag)?.[1])
    .filter((file): file is string => file !== undefined);
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export async function benchConsoleBundle(): Promise<BenchRow[]> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'marketdesk-console-bench-'));
  try {
    await build({
      root: CONSOLE_ROOT,
      configFile: path.join(CONSOLE_ROOT, 'vite.config.ts'),
      logLevel: 'error',
      build: { outDir, emptyOutDir: true, manifest: true },
    });
    const manifest = JSON.parse(await readFile(path.join(outDir, '.vite/manifest.json'), 'utf8')) as Manifest;
    const gzipOf = async (file: string): Promise<Chunk> => ({ file, gzipBytes: gzipSync(await readFile(path.join(outDir, file))).length });

    const entryKeys = Object.keys(manifest).filter((key) => manifest[key]!.isEntry);
    const initialFiles = new Set(entryKeys.flatMap((key) => [...listStaticGraph(manifest, key)]).map((key) => manifest[key]!.file));
    // The graph and the HTML should agree; if they ever do not, the browser loads both.
    const htmlFiles = listHtmlScripts(await readFile(path.join(outDir, 'index.html'), 'utf8'));
    const onlyInHtml = htmlFiles.filter((file) => !initialFiles.has(file));
    for (const file of onlyInHtml) initialFiles.add(file);

    const allFiles = [...new Set(Object.values(manifest).map((chunk) => chunk.file))].filter((file) => file.endsWith('.js'));
    const all = await Promise.all(allFiles.map(gzipOf));
    const initial = all.filter((chunk) => initialFiles.has(chunk.file)).sort((a, b) => b.gzipBytes - a.gzipBytes);
    const sum = (chunks: Chunk[]) => chunks.reduce((total, chunk) => total + chunk.gzipBytes, 0);
    const initialBytes = sum(initial);

    console.log(`\n  initial chunks, largest first (${initial.length}):`);
    for (const chunk of initial.slice(0, LARGEST_SHOWN)) console.log(`    ${kB(chunk.gzipBytes).padStart(9)}  ${chunk.file}`);
    if (initial.length > LARGEST_SHOWN) console.log(`    ${kB(sum(initial.slice(LARGEST_SHOWN))).padStart(9)}  ${initial.length - LARGEST_SHOWN} more`);
    if (onlyInHtml.length > 0) console.log(`  index.html loads chunks the manifest's static graph does not name: ${onlyInHtml.join(', ')}`);

    const firstVisit = await benchConsoleFirstVisit(outDir);
    return [{
      figure: 'console initial JS (gzip)',
      value: `${kB(initialBytes)} in ${initial.length} chunks (largest: ${initial.slice(0, 3).map((chunk) => `${path.basename(chunk.file).replace(/-[\w-]{8}\.js$/, '')} ${kB(chunk.gzipBytes)}`).join(', ')})`,
      target: `≤ ${TARGET_KB} kB`,
      baseline: `all JS chunks: ${kB(sum(all))} in ${all.length} chunks (${((initialBytes / sum(all)) * 100).toFixed(0)}% loaded first)`,
    }, ...firstVisit];
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
