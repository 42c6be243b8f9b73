/**
 * Licenses: the Ed25519 signing keys (encrypted at rest, rotated), license keys (JWTs), the
 * public license API (validate / activate / deactivate, signed answers, rate limits), support's
 * actions, and the license each purchase's payment state implies.
 */
export { acceptJsonBodies, LICENSE_BODY_LIMIT, registerLicenseRoutes } from './http.ts';
export { loadEncryptionKey } from './key-encryption.ts';
export { keyringFor } from './keyring-for.ts';
export { VerifiedKeyCache, verifiedKeysFor } from './verified-key-cache.ts';
export type { LicensesDeps } from './deps.ts';
export { activateLicense, deactivateLicense, resolveUsableLicense, validateLicense } from './license-api.ts';
export type { LicenseApiDeps, LicenseDecision } from './license-api.ts';
export { signLicenseToken, verifyLicenseToken, rateLimitKeyOf } from './license-token.ts';
/** The signed answers of the public APIs (license, reviews): `License-Signature` over the exact body. */
export { SIGNATURE_HEADER, signResponseBody } from './response-signature.ts';
export { renderLicenseKey } from './render-license-key.ts';
export { searchLicenses } from './search-licenses.ts';
export { licensesRouter } from './router.ts';
export { purgeValidationLog, VALIDATION_PURGE_INTERVAL_MS } from './purge-validation-log.ts';
export { ensureCurrentSigningKey, rotateSigningKey } from './signing-keys.ts';
export { DEFAULT_ENTITLEMENTS, DEFAULT_MACHINE_LIMIT, licenseTermsOfTier, SUBSCRIPTION_GRACE_DAYS, syncPurchaseLicense } from './sync-purchase-license.ts';
export { issueLicense } from './issue-license.ts';
