/**
 * License keys this process has already verified. Verifying a key (license-token.ts
 * verifyLicenseToken: canonical spelling, EdDSA, typ, iss, the Ed25519 signature) was the largest
 * cost of a validation; a plugin client sends the same key again and again, so a key that
 * verified is kept — its claims and the kid that signed it — under the SHA-256 of the key string,
 * in an LRU of at most `maxEntries` keys. Only successful verifications are kept, and a kept key
 * whose `exp` has passed is dropped and verified again (jose answers EXPIRED as before).
 *
 * Trust follows the signing keys: every license read returns a version of the SigningKey table
 * (SIGNING_KEYS_VERSION_SQL, a hash of every kid and status), in the same round trip. When it
 * differs from the version the kept keys were verified under — a rotation, a key removed, by any
 * process — every kept key is dropped and each is verified again against the keys as they are
 * now, so no process answers from a verification made under keys that have changed, from its
 * very next call. Nothing about a license (status, expiry, machines) is kept here: the License row
 * is read on every call.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../platform/deps.ts';
import type { LicenseClaims } from './license-token.ts';

/** Default bound of the cache, keys (about 1 KB each with their claims: ~50 MB at most). `LICENSE_VERIFIED_KEY_CACHE_SIZE`. */
export const VERIFIED_KEY_CACHE_SIZE = 50_000;

/**
 * A SQL expression (PostgreSQL) that changes whenever a signing key is added, retired or removed:
 * the md5 of every `kid:status`, ordered by kid. SigningKey holds a few rows, so it costs
 * microseconds; the license read selects it as "keysVersion".
 */
export const SIGNING_KEYS_VERSION_SQL = `(SELECT md5(coalesce(string_agg(sk.kid || ':' || sk.status::text, ',' ORDER BY sk.kid), '')) FROM "SigningKey" sk)`;

/** A key that verified: its claims and the kid of the signing key that verified it. */
export interface VerifiedKey {
  claims: LicenseClaims;
  kid: string;
}

export class VerifiedKeyCache {
  private readonly entries: LRUCache<string, VerifiedKey>;
  private version: string | null = null;
  /** Lookups answered from the cache / not, since start (for the bench and tests). */
  hits = 0;
  misses = 0;

  /** @param maxEntries the most keys kept (≥ 1); past it the least recently used is dropped. */
  constructor(readonly maxEntries = VERIFIED_KEY_CACHE_SIZE) {
    this.entries = new LRUCache({ max: maxEntries });
  }

  /** The signing-key version the kept keys were verified under; null before the first license read. */
  get keysVersion(): string | null {
    return this.version;
  }

  /** Keys kept now. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * The kept verification of `token`, or undefined (never seen, dropped, or its `exp` — seconds
   * since the epoch — is at or before `now`, as jose's check, RFC 7519 §4.1.4, no leeway).
   */
  lookup(token: string, now: Date): VerifiedKey | undefined {
    const hash = hashOf(token);
    const kept = this.entries.get(hash);
    if (kept && kept.claims.exp !== undefined && kept.claims.exp <= Math.floor(now.getTime() / 1000)) this.entries.delete(hash);
    else if (kept) {
      this.hits += 1;
      return kept;
    }
    this.misses += 1;
    return undefined;
  }

  /**
   * Keeps a verification of `token` made while the cache's version was `verifiedUnder`
   * (keysVersion read before verifying). Ignored when the version has changed since, or was not
   * known yet: that verification may have used keys that are gone.
   */
  remember(token: string, verified: VerifiedKey, verifiedUnder: string | null): void {
    if (verifiedUnder === null || verifiedUnder !== this.version) return;
    this.entries.set(hashOf(token), verified);
  }

  /**
   * Records the signing-key version a license read returned. A change drops every kept key.
   * @returns true when the version changed (the caller re-verifies a key it took from the cache).
   */
  observeKeysVersion(version: string): boolean {
    if (version === this.version) return false;
    const isFirst = this.version === null;
    this.version = version;
    this.entries.clear();
    return !isFirst;
  }
}

const caches = new WeakMap<PrismaClient, VerifiedKeyCache>();

/**
 * The process's verified-key cache for `deps.prisma` (one per database client, as keyringFor),
 * bounded by `config.licenseVerifiedKeyCacheSize`; undefined when that is 0 (the cache is off).
 */
export function verifiedKeysFor(deps: Pick<AppDeps, 'prisma' | 'config'>): VerifiedKeyCache | undefined {
  if (deps.config.licenseVerifiedKeyCacheSize < 1) return undefined;
  let cache = caches.get(deps.prisma);
  if (!cache) {
    cache = new VerifiedKeyCache(deps.config.licenseVerifiedKeyCacheSize);
    caches.set(deps.prisma, cache);
  }
  return cache;
}

/** SHA-256 of the key string, base64url: the cache holds no key itself, and 43 characters per entry. */
function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
