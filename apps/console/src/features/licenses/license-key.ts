/**
 * A pasted license key (a JWT) is looked up by its key id (`jti`) so that the key itself — a
 * credential that unlocks the plugin — never lands in the URL, the browser history or access logs.
 */

/** The `jti` of `text` when it has the shape of a JWT, read without verifying (support only looks it up); else null. */
export function readLicenseKeyId(text: string): string | null {
  const parts = text.trim().split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const payload: unknown = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')));
    const jti = payload && typeof payload === 'object' && 'jti' in payload ? payload.jti : undefined;
    return typeof jti === 'string' && jti.length > 0 && jti.length <= 200 ? jti : null;
  } catch {
    return null;
  }
}
