/**
 * The built console, served the way browsers cache best: Vite names every file under /assets/
 * by a hash of its content, so those are `public, max-age=31536000, immutable` (a new release has
 * new names); index.html and the few unhashed files at the root are `no-cache` (revalidated by
 * ETag on every visit, so a release is picked up at once). Files are sent as the Brotli or gzip
 * copies the console build writes beside them (vite-plugin-compression2 in
 * apps/console/vite.config.ts) when the browser accepts one: compressed once at build time at the
 * best level, not per request. Unknown GETs outside the API fall back to index.html (client-side
 * routes). Source: MDN "HTTP caching" (cache busting with immutable; no-cache for the HTML).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Cache-Control of a hashed asset (one year, never revalidated) and of everything else. */
export const HASHED_ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';
export const REVALIDATED_CACHE_CONTROL = 'no-cache';

const HASHED_ASSET_DIR = `${path.sep}assets${path.sep}`;

/**
 * Registers the console at `/` from `consoleDir` (apps/console/dist by default), if it was built.
 * `apiPrefixes`: paths that are never the console, so an unknown API path is a JSON 404.
 */
export async function registerConsoleAssets(server: FastifyInstance, consoleDir: string, apiPrefixes: readonly string[]): Promise<void> {
  const hasConsole = existsSync(path.join(consoleDir, 'index.html'));
  if (hasConsole) {
    await server.register(fastifyStatic, {
      root: consoleDir,
      wildcard: false,
      index: ['index.html'],
      preCompressed: true,
      cacheControl: false,
      setHeaders(reply: FastifyReply, filePath: string) {
        const isHashed = filePath.startsWith(path.join(consoleDir, HASHED_ASSET_DIR));
        reply.header('cache-control', isHashed ? HASHED_ASSET_CACHE_CONTROL : REVALIDATED_CACHE_CONTROL);
      },
    });
  }
  server.setNotFoundHandler((req, reply) => {
    const isApi = apiPrefixes.some((prefix) => req.url.startsWith(prefix));
    if (req.method === 'GET' && !isApi && hasConsole && !path.extname(req.url.split('?')[0] ?? '')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send({ error: `No route for ${req.method} ${req.url.split('?')[0]}`, requestId: req.id });
  });
}
