import type { SeedStatusOutput } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';

/**
 * The seed this process is running, as its tracker last heard: `{ phase, done, total, startedAt }`
 * (items of the current phase; `total` 0 when the phase does not count them), or null when no seed
 * runs here — also in a process without a tracker. Reads memory only; never throws.
 */
export function readSeedStatus(deps: Pick<AppDeps, 'seedStatus'>): SeedStatusOutput {
  return deps.seedStatus?.read() ?? null;
}
