/**
 * How the console is delivered: hashed assets cached for a year and immutable, index.html and
 * client-side routes revalidated (no-cache), files sent as the build's Brotli or gzip copy when
 * the browser accepts one (and as they are when it does not), and the console API's larger
 * answers compressed on the fly while the license API's are left alone. The console here is a
 * small fixture laid out like Vite's build (assets/<name>-<hash>.js with .br and .gz beside).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, sessionCookieFor, startTestServer, tempDir, type TestServer } from './harness.ts';

const SCRIPT = `export const rows = [${Array.from({ length: 400 }, (_, i) => `{ id: ${i}, label: "row ${i}" }`).join(', ')}];\n`;
const HTML = `<!doctype html><html><head><title>Marketdesk</title><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div>${' '.repeat(2000)}</body></html>`;

function writeConsoleFixture(): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'assets'));
  for (const [file, text] of [['index.html', HTML], ['assets/index-Ab12Cd34.js', SCRIPT]] as const) {
    writeFileSync(path.join(dir, file), text);
    writeFileSync(path.join(dir, `${file}.br`), brotliCompressSync(text));
    writeFileSync(path.join(dir, `${file}.gz`), gzipSync(text));
  }
  writeFileSync(path.join(dir, 'color-scheme.js'), 'document.documentElement.dataset.x = "1";\n');
  return dir;
}

interface RawAnswer { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

/** One request with exactly these headers, the body as sent on the wire (not decoded). */
function getRaw(base: string, urlPath: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return sendRaw(base, urlPath, 'GET', headers);
}

function postRaw(base: string, urlPath: string, body: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return sendRaw(base, urlPath, 'POST', headers, body);
}

function sendRaw(base: string, urlPath: string, method: string, headers: Record<string, string>, body?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${urlPath}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer({ config: { consoleDir: writeConsoleFixture() } });
});
afterAll(() => ts?.close());

describe('console assets', () => {
  it('sends a hashed asset as the Brotli copy, cached for a year and immutable, varying on Accept-Encoding', async () => {
    const answer = await getRaw(ts.url, '/assets/index-Ab12Cd34.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(answer.headers.vary)).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(answer.body).toString()).toBe(SCRIPT);
    expect(answer.body.length).toBeLessThan(SCRIPT.length / 4);
  });

  it('sends the gzip copy to a browser without Brotli, and the file as it is to one that accepts neither', async () => {
    const gzip = await getRaw(ts.url, '/assets/index-Ab12Cd34.js', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(SCRIPT);
    const plain = await getRaw(ts.url, '/assets/index-Ab12Cd34.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it.each(['/', '/index.html', '/queue', '/transactions/abc?x=1'])('revalidates the HTML on every visit (%s: no-cache, compressed)', async (urlPath) => {
    const answer = await getRaw(ts.url, urlPath, { 'accept-encoding': 'br' });
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-cache');
    expect(answer.headers['content-type']).toMatch(/text\/html/);
    expect(answer.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(answer.body).toString()).toBe(HTML);
  });

  it('revalidates the unhashed files at the root (no-cache) and answers a revalidation with 304', async () => {
    const first = await getRaw(ts.url, '/color-scheme.js');
    expect(first.headers['cache-control']).toBe('no-cache');
    const etag = String(first.headers.etag);
    const again = await getRaw(ts.url, '/color-scheme.js', { 'if-none-match': etag });
    expect(again.status).toBe(304);
  });

  it('compresses a large console API answer and leaves the license API and an unknown API path alone', async () => {
    const admin = await createTestUser(ts.db.prisma, ['ADMIN']);
    for (let i = 0; i < 20; i += 1) await createTestUser(ts.db.prisma, ['SUPPORT'], { name: `Support person number ${i} with a long name` });
    const cookie = await sessionCookieFor(ts.app.deps, admin);
    const list = await getRaw(ts.url, `/trpc/users.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`, { 'accept-encoding': 'br, gzip', cookie });
    expect(list.status).toBe(200);
    expect(list.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(list.body).toString())).toHaveProperty('result');

    const license = await postRaw(ts.url, '/v1/licenses/validate', JSON.stringify({ key: 'x'.repeat(3000) }), { 'accept-encoding': 'br, gzip', 'content-type': 'application/json' });
    expect(license.headers['content-encoding']).toBeUndefined();
    const missing = await getRaw(ts.url, '/v1/no-such-route', { 'accept-encoding': 'br, gzip' });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-encoding']).toBeUndefined();
  });
});
