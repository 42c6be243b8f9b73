/**
 * Machines on seeded licenses: a deterministic share of the seed buyers' active licenses get one
 * to three activations through the license API's own activation service (key verification,
 * row-locked machine limit), each with a fingerprint derived from the seed, the license and the
 * machine's number, last seen some days before now. Safe to run again: activating a fingerprint
 * that is active returns the existing activation.
 */
import { createHash } from 'node:crypto';
import { keyringFor } from '../../apps/api/src/modules/licenses/index.ts';
import { activateLicense } from '../../apps/api/src/modules/licenses/index.ts';
import { renderLicenseKey } from '../../apps/api/src/modules/licenses/index.ts';
import { fixedClock, type AppDeps } from '../../apps/api/src/platform/deps.ts';
import { SEED_BUYER_DOMAIN } from './money.ts';
import { SILENT_PROGRESS, type Progress } from './progress.ts';

const MACHINE_NAMES = ['MacBook Pro', 'build-server', 'ci-runner-01', 'office desktop', 'ThinkPad X1', 'home PC'];
const DAY_MS = 24 * 3600 * 1000;

export interface ActivationSeedOptions {
  /** Share of active seeded licenses with machines (default 0.35). */
  share?: number;
  seed?: number;
  now?: Date;
  progress?: Progress;
}

/** A number in [0, 1) from `text`, the same on every machine. */
function unitHash(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 4_294_967_296;
}

/**
 * Activates machines on seeded licenses; returns how many activations the licenses have now.
 * @throws Error when a license's key cannot be rendered (signing key missing) or on a database error.
 */
export async function seedActivations(deps: Pick<AppDeps, 'prisma' | 'config'>, options: ActivationSeedOptions = {}): Promise<number> {
  const { prisma } = deps;
  const seed = options.seed ?? 1;
  const share = options.share ?? 0.35;
  const now = options.now ?? new Date();
  const licenses = await prisma.license.findMany({
    where: { status: 'ACTIVE', buyerEmail: { endsWith: `@${SEED_BUYER_DOMAIN}` } },
    select: { id: true, purchaseId: true, keyId: true, pluginId: true, entitlements: true, machineLimit: true, issuedAt: true, expiresAt: true, signingKid: true },
  });
  // Chosen by the issuing purchase's id, which the seed derives from its seed number (license ids are random).
  const basisOf = (l: (typeof licenses)[number]) => l.purchaseId ?? l.id;
  licenses.sort((a, b) => (basisOf(a) < basisOf(b) ? -1 : basisOf(a) > basisOf(b) ? 1 : 0));
  const chosen = licenses.filter((l) => unitHash(`${seed}:activate:${basisOf(l)}`) < share);
  const api = { prisma, keyring: keyringFor(deps), issuer: deps.config.licenseIssuer };
  const progress = (options.progress ?? SILENT_PROGRESS).phase('license activations', chosen.length);
  for (const license of chosen) {
    const key = await renderLicenseKey(deps, license);
    const basis = basisOf(license);
    const machines = 1 + Math.floor(unitHash(`${seed}:machines:${basis}`) * Math.min(3, license.machineLimit));
    for (let k = 0; k < machines; k += 1) {
      const fingerprint = createHash('sha256').update(`${seed}:${basis}:${k}`).digest('hex');
      const seenAt = new Date(Math.max(license.issuedAt.getTime(), now.getTime() - Math.floor(unitHash(`${seed}:seen:${basis}:${k}`) * 60) * DAY_MS));
      // Activated at the story's moment: the license API reads the time from the clock it is given.
      await activateLicense({ ...api, clock: fixedClock(seenAt) }, { key, fingerprint, name: MACHINE_NAMES[(k + license.id.length) % MACHINE_NAMES.length] });
    }
    progress.tick();
  }
  const count = await prisma.activation.count({ where: { deactivatedAt: null, license: { buyerEmail: { endsWith: `@${SEED_BUYER_DOMAIN}` } } } });
  progress.done(`${count.toLocaleString('en-US')} machines active`);
  return count;
}
