/** The pricing rules without a database: which tier a request buys, and when nothing is paid. */
import { describe, expect, it } from 'vitest';
import { AppError } from '@marketdesk/shared';
import { chooseTier, isFreeOffer } from '../../src/modules/pricing/index.ts';

const tier = (key: string, priceAmount: number) => ({ id: `tier_${key}`, key, name: key, priceAmount, entitlements: ['plugin.use'], machineLimit: 1 });
const fieldOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof AppError ? `${error.code}:${error.field}` : String(error);
  }
  return 'no error';
};

describe('chooseTier', () => {
  it('answers the tier asked for', () => {
    expect(chooseTier([tier('pro', 900), tier('free', 0)], 'pro')?.id).toBe('tier_pro');
  });
  it('without a tier: null for a plugin without tiers, its free tier when it sells nothing paid', () => {
    expect(chooseTier([], undefined)).toBeNull();
    expect(chooseTier([tier('free', 0)], undefined)?.key).toBe('free');
  });
  it('refuses a missing tier when paid tiers exist, and a tier not sold, naming the field tier', () => {
    expect(fieldOf(() => chooseTier([tier('free', 0), tier('pro', 900)], undefined))).toBe('INVALID_INPUT:tier');
    expect(fieldOf(() => chooseTier([tier('pro', 900)], 'enterprise'))).toBe('INVALID_INPUT:tier');
    expect(fieldOf(() => chooseTier([], 'pro'))).toBe('INVALID_INPUT:tier');
  });
});

describe('isFreeOffer', () => {
  it('is free for a FREE plugin or a tier priced 0, paid otherwise', () => {
    expect(isFreeOffer('FREE', null)).toBe(true);
    expect(isFreeOffer('ONE_TIME', tier('free', 0))).toBe(true);
    expect(isFreeOffer('SUBSCRIPTION', tier('pro', 900))).toBe(false);
    expect(isFreeOffer('ONE_TIME', null)).toBe(false);
  });
});
