/**
 * closeThenExit, what SIGTERM/SIGINT run in `npm start`, `npm run serve` and cli/work.ts: exit 0
 * once the app closed, 1 with the error logged when closing threw, and 1 — logged, without waiting
 * any longer — when closing outlasts SHUTDOWN_TIMEOUT_SECONDS (a scan may run for its 120 s).
 * The whole shutdown of real processes is faults-outage-shutdown.pg.test.ts.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { closeThenExit, type App } from '../src/app.ts';
import type { AppDeps } from '../src/platform/deps.ts';
import { testConfig } from './harness.ts';

/** An app whose close is `close`, with a logger whose lines are collected. */
function appClosing(close: () => Promise<void>, shutdownTimeoutSeconds: number) {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({ write(chunk, _encoding, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  const deps = { config: testConfig({ shutdownTimeoutSeconds }), log: pino({ level: 'info' }, sink) } as unknown as AppDeps;
  const app: Pick<App, 'close' | 'deps'> = { close, deps };
  return { app, lines };
}

describe('closeThenExit', () => {
  it('exits 0 once the app has closed', async () => {
    const { app, lines } = appClosing(() => new Promise((resolve) => setTimeout(resolve, 20)), 5);
    const codes: number[] = [];
    await closeThenExit(app, (code) => codes.push(code));
    expect(codes).toEqual([0]);
    expect(lines).toEqual([]);
  });

  it('exits 1 and logs the error when closing throws', async () => {
    const { app, lines } = appClosing(() => Promise.reject(new Error('pool would not close')), 5);
    const codes: number[] = [];
    await closeThenExit(app, (code) => codes.push(code));
    expect(codes).toEqual([1]);
    expect(lines.map((line) => line.msg)).toEqual(['Shutdown failed']);
  });

  it('exits 1 at the deadline when closing hangs, and says what happens to the work it held', async () => {
    const { app, lines } = appClosing(() => new Promise(() => {}), 0.2);
    const codes: number[] = [];
    const started = performance.now();
    await closeThenExit(app, (code) => codes.push(code));
    expect(codes).toEqual([1]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(lines[0]).toMatchObject({ level: 50, shutdownTimeoutSeconds: 0.2 });
    expect(lines[0]!.msg).toMatch(/taken over when its lease expires/);
  });
});
