/**
 * createProgress's observer (prisma/seed/progress.ts): told of a phase's start, every tick (even
 * between printed lines) and its end, with what an earlier run did counted in `done`; the printed
 * lines stay as they were.
 */
import { describe, expect, it } from 'vitest';
import { createProgress, type PhaseReport } from '../../../prisma/seed/progress.ts';

describe('seed progress observer', () => {
  it('sees phase start, ticks and done as state; the printed lines do not change', () => {
    const seen: PhaseReport[] = [];
    const printed: string[] = [];
    // A long interval: no tick is printed, and the observer still sees every one.
    const progress = createProgress((line) => printed.push(line), { intervalMs: 60_000, observe: (report) => seen.push({ ...report }) });

    const money = progress.phase('purchases, refunds, disputes, payouts', 1_000, 200);
    money.tick();
    money.tick(189);
    money.done();
    progress.phase('catalog, staff and review queue', 0).done('40 plugins');

    expect(seen).toEqual([
      { phase: 'purchases, refunds, disputes, payouts', done: 200, total: 1_000, isDone: false },
      { phase: 'purchases, refunds, disputes, payouts', done: 201, total: 1_000, isDone: false },
      { phase: 'purchases, refunds, disputes, payouts', done: 390, total: 1_000, isDone: false },
      { phase: 'purchases, refunds, disputes, payouts', done: 390, total: 1_000, isDone: true },
      { phase: 'catalog, staff and review queue', done: 0, total: 0, isDone: false },
      { phase: 'catalog, staff and review queue', done: 0, total: 0, isDone: true },
    ]);
    expect(printed).toHaveLength(2);
    expect(printed[0]).toMatch(/^purchases, refunds, disputes, payouts: 390\/1,000 done in \d+\.\d s$/);
    expect(printed[1]).toMatch(/^catalog, staff and review queue: done in \d+\.\d s — 40 plugins$/);
  });

  it('prints a tick line as before when the interval allows', () => {
    const printed: string[] = [];
    const progress = createProgress((line) => printed.push(line), { intervalMs: 0, observe: () => {} });
    progress.phase('license activations', 400).tick(156);
    expect(printed).toEqual([expect.stringMatching(/^license activations: 156\/400 \(39 %\)(, about \d+ s left)?$/)]);
  });
});
