/** The key string of a stored license, re-signed deterministically (see licenses/license-token.ts). */
import type { AppDeps } from '../../platform/deps.ts';
import { keyringFor } from './keyring-for.ts';
import { signLicenseToken, type LicenseForToken } from './license-token.ts';

/**
 * Renders `license`'s key with the key that signed it (`signingKid`, current or retired): the
 * same string every time for the same row.
 * @throws Error when the signing key is missing or does not decrypt (wrong LICENSE_KEY_ENCRYPTION_KEY).
 */
export async function renderLicenseKey(deps: Pick<AppDeps, 'prisma' | 'config'>, license: LicenseForToken): Promise<string> {
  const key = await keyringFor(deps).signingKey(license.signingKid);
  return signLicenseToken(license, key, deps.config.licenseIssuer);
}
