/**
 * Who is reviewing: the buyer a license key names. A review is a verified purchase: only a key
 * we signed, whose License row is the one the key names, authenticates a reviewer.
 */
import { AppError } from '@marketdesk/shared';
import { verifyLicenseToken, type LicenseApiDeps } from '../licenses/index.ts';

/** What the review API needs: the database, the clock, the process's keyring and the key issuer (as the license API). */
export type ReviewApiDeps = Pick<LicenseApiDeps, 'prisma' | 'clock' | 'keyring' | 'issuer'>;

/** The license behind a key, and the plugin's creator. */
export interface Reviewer {
  licenseId: string;
  pluginId: string;
  creatorId: string;
  buyerEmail: string;
  /** When the license was issued (the burst check reads how new the buyer is). */
  licenseIssuedAt: Date;
}

/** One answer for every refused key, so a caller learns nothing about which licenses exist. */
const noSuchLicense = () => new AppError('NOT_FOUND', { message: 'No such license', field: 'key' });

/**
 * The reviewer `key` authenticates at `now`. The key's signature must verify with one of our
 * signing keys (current or retired) and its issuer must be ours; an EXPIRED key still counts (a
 * buyer who held a license may review: "valid or once valid"). The License row must be the key's
 * own (`jti` = keyId, `sub` = id, `aud` = pluginId). Any license of the plugin — paid, free,
 * trial, revoked, suspended or expired — makes its buyer a verified buyer: each one was issued
 * to that buyer for that plugin, and a refund or revocation does not undo that they used it.
 * @throws AppError NOT_FOUND (field `key`) for a forged, foreign, malformed or unknown key.
 */
export async function resolveReviewer(deps: Pick<ReviewApiDeps, 'prisma' | 'keyring' | 'issuer'>, input: { key: string; now: Date }): Promise<Reviewer> {
  const verified = await verifyLicenseToken(input.key, deps.keyring, deps.issuer, input.now);
  const claims = verified.ok ? verified.claims : verified.code === 'EXPIRED' ? verified.claims : undefined;
  if (!claims || typeof claims.jti !== 'string' || typeof claims.sub !== 'string') throw noSuchLicense();
  const license = await deps.prisma.license.findUnique({
    where: { keyId: claims.jti },
    select: { id: true, pluginId: true, buyerEmail: true, issuedAt: true, plugin: { select: { creatorId: true } } },
  });
  if (!license || license.id !== claims.sub || license.pluginId !== claims.aud) throw noSuchLicense();
  return { licenseId: license.id, pluginId: license.pluginId, creatorId: license.plugin.creatorId, buyerEmail: license.buyerEmail, licenseIssuedAt: license.issuedAt };
}
