/** percentDone: the percent the seed's progress lines and the console's seeding notice both show. */
import { describe, expect, it } from 'vitest';
import { percentDone } from '../src/seeding/seed-status.schema.ts';

describe('percentDone', () => {
  it('rounds down, so a phase shows 100 % only when every item is done', () => {
    expect(percentDone(468, 1_200)).toBe(39);
    expect(percentDone(1_199, 1_200)).toBe(99);
    expect(percentDone(1_200, 1_200)).toBe(100);
    expect(percentDone(0, 7)).toBe(0);
  });

  it('is null for a phase that does not count its items', () => {
    expect(percentDone(0, 0)).toBeNull();
    expect(percentDone(12, 0)).toBeNull();
  });
});
