/**
 * What a first visit to the console transfers, measured in Debian's Chromium (playwright-core)
 * against the API serving a fresh console build: a cold browser opens /sign-in, signs in, and
 * waits for the home page. Every response's bytes on the wire (Chromium's encoded body size plus
 * headers, as `Request.sizes()` reports them) are summed, beside the same responses' decoded
 * bodies — what the visit would transfer uncompressed. A reload in the same browser then shows
 * what caching leaves: hashed assets come from the cache (immutable), index.html revalidates.
 */
import { chromium, type Page, type Response } from 'playwright-core';
import { createTestUser, startTestServer, TEST_PASSWORD } from '../test/harness.ts';
import type { BenchRow } from './measure.ts';

interface Transfer { wireBytes: number; decodedBytes: number; requests: number; fromCache: number }

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Sums the responses seen on `page` while `act` runs and the network settles. */
async function recordTransfer(page: Page, act: () => Promise<void>): Promise<Transfer> {
  const responses: Response[] = [];
  const onResponse = (response: Response) => responses.push(response);
  page.on('response', onResponse);
  await act();
  await page.waitForLoadState('networkidle');
  page.off('response', onResponse);
  const transfer: Transfer = { wireBytes: 0, decodedBytes: 0, requests: responses.length, fromCache: 0 };
  for (const response of responses) {
    const sizes = await response.request().sizes();
    // Chromium reports a response served from its cache with a body size of minus its headers' size (nothing on the wire).
    const wireBytes = Math.max(0, sizes.responseBodySize + sizes.responseHeadersSize);
    if (wireBytes === 0) transfer.fromCache += 1;
    transfer.wireBytes += wireBytes;
    transfer.decodedBytes += (await response.body().catch(() => Buffer.alloc(0))).length;
  }
  return transfer;
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** `consoleDir`: a console build to serve. */
export async function benchConsoleFirstVisit(consoleDir: string): Promise<BenchRow[]> {
  const server = await startTestServer({ config: { consoleDir } });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const user = await createTestUser(server.db.prisma, ['FINANCE']);
    const page = await (await browser.newContext({ baseURL: server.url })).newPage();
    const first = await recordTransfer(page, async () => {
      await page.goto('/sign-in');
      await page.getByLabel('Email').fill(user.email);
      await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    });
    const again = await recordTransfer(page, async () => {
      await page.reload();
      await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    });
    console.log(`\n  first visit: ${first.requests} responses, ${kB(first.wireBytes)} on the wire, ${kB(first.decodedBytes)} decoded`);
    console.log(`  reload: ${again.requests} responses (${again.fromCache} from the cache), ${kB(again.wireBytes)} on the wire`);
    return [
      {
        figure: 'console first visit (sign-in → home), bytes on the wire',
        value: `${kB(first.wireBytes)} in ${first.requests} responses`,
        target: 'compressed (br/gzip)',
        baseline: `the same responses decoded: ${kB(first.decodedBytes)} (${(first.decodedBytes / first.wireBytes).toFixed(1)}× more)`,
      },
      {
        figure: 'console reload, bytes on the wire',
        value: `${kB(again.wireBytes)} (${again.fromCache} of ${again.requests} responses from the cache)`,
        target: 'hashed assets from the cache',
        baseline: `first visit: ${kB(first.wireBytes)}`,
      },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
