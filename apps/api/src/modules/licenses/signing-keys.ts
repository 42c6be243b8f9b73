/**
 * License signing keys: Ed25519 (RFC 8032; as JWKs, RFC 8037 "OKP"/"Ed25519", JWS alg "EdDSA"),
 * `kid` = the RFC 7638 SHA-256 thumbprint of the public JWK. Stored in SigningKey with the private
 * half encrypted (key-encryption.ts). Exactly one key is CURRENT and signs new licenses and
 * response signatures; rotation retires it, and retired keys keep verifying the licenses they
 * signed and stay published in the JWKS.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, importJWK, type JWK } from 'jose';
import type { PrismaClient, Prisma } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../platform/deps.ts';
import type { LicensesDeps } from './deps.ts';
import { decryptPrivateKey, encryptPrivateKey, loadEncryptionKey } from './key-encryption.ts';

export const LICENSE_ALGORITHM = 'EdDSA';
/** Serializes key creation across API processes (first start, rotation). */
const KEY_LOCK = 727_001;

/** A public key as published at /.well-known/jwks.json (RFC 7517 §4, RFC 8037 §2). */
export interface PublishedJwk extends JWK {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/** A public key as jose imports it (a WebCrypto key). */
export type VerificationKey = Awaited<ReturnType<typeof importJWK>>;

export interface SigningKeyPair {
  kid: string;
  privateKey: KeyObject;
}

async function insertNewKey(tx: Prisma.TransactionClient, encryptionKey: Buffer): Promise<string> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' }) as { kty: 'OKP'; crv: 'Ed25519'; x: string };
  const kid = await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, 'sha256');
  const published: PublishedJwk = { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, alg: LICENSE_ALGORITHM, use: 'sig' };
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  await tx.signingKey.create({ data: { kid, algorithm: LICENSE_ALGORITHM, publicJwk: { ...published }, privateKeyEncrypted: encryptPrivateKey(pkcs8, encryptionKey, kid), status: 'CURRENT' } });
  return kid;
}

/**
 * Makes sure a CURRENT signing key exists, creating one on first start, its private half
 * encrypted with the key `deps.config` names (loadEncryptionKey). Safe when several processes
 * start at once (a transaction-scoped advisory lock serializes them). Takes no input.
 * @returns the current key's kid.
 * @throws Error when the encryption key is misconfigured.
 */
export async function ensureCurrentSigningKey(deps: Pick<AppDeps, 'prisma' | 'config'>): Promise<string> {
  const { prisma } = deps;
  const encryptionKey = loadEncryptionKey(deps.config);
  const existing = await prisma.signingKey.findFirst({ where: { status: 'CURRENT' }, select: { kid: true } });
  if (existing) return existing.kid;
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${KEY_LOCK})`;
    const current = await tx.signingKey.findFirst({ where: { status: 'CURRENT' }, select: { kid: true } });
    return current?.kid ?? insertNewKey(tx, encryptionKey);
  });
}

/**
 * Rotation: retires the CURRENT key (kept for verification and published; `retiredAt` is
 * `deps.clock`'s now) and creates a new CURRENT one, encrypted with the key `deps.config` names.
 * Issued licenses keep validating; new licenses and response signatures use the new kid (other
 * processes pick it up on their next license API call that reads a license when the
 * verified-key cache is on, else within {@link CURRENT_KEY_TTL_MS}). Takes no input.
 * @returns the new kid and the kid it replaced (null when there was none).
 * @throws Error when the encryption key is misconfigured (nothing changes).
 */
export async function rotateSigningKey(deps: Pick<AppDeps, 'prisma' | 'config' | 'clock'>): Promise<{ kid: string; retiredKid: string | null }> {
  const encryptionKey = loadEncryptionKey(deps.config);
  return deps.prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${KEY_LOCK})`;
    const current = await tx.signingKey.findFirst({ where: { status: 'CURRENT' }, select: { kid: true } });
    if (current) await tx.signingKey.update({ where: { kid: current.kid }, data: { status: 'RETIRED', retiredAt: deps.clock.now() } });
    return { kid: await insertNewKey(tx, encryptionKey), retiredKid: current?.kid ?? null };
  });
}

/** How long a retired key stays published although no license needs it: answers it signed may still be in flight or cached. */
export const RETIRED_KEY_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * The JWKS (RFC 7517 §5): the current key first, then every retired key still needed — one that
 * signed a license, or retired less than {@link RETIRED_KEY_GRACE_MS} before `deps.clock`'s now —
 * newest first. Takes no input.
 */
export async function listPublishedKeys(deps: LicensesDeps): Promise<{ keys: PublishedJwk[] }> {
  const now = deps.clock.now();
  const rows = await deps.prisma.signingKey.findMany({
    where: { OR: [{ status: 'CURRENT' }, { licenses: { some: {} } }, { retiredAt: { gt: new Date(now.getTime() - RETIRED_KEY_GRACE_MS) } }] },
    select: { publicJwk: true, status: true },
    orderBy: [{ status: 'asc' }, { createdAt: 'desc' }],
  });
  return { keys: rows.map((r) => r.publicJwk as unknown as PublishedJwk) };
}

/** How long a process keeps signing with the key it knows as current after a rotation elsewhere, ms. */
export const CURRENT_KEY_TTL_MS = 60_000;

/**
 * Per-process key cache. Public keys are cached by kid (a kid is a hash of the key, so its key
 * never changes) until the signing keys change (forgetPublicKeys); unknown kids are looked up in
 * the database every time, so a key made by another process is found at once. Nothing about a
 * license's status is cached here.
 */
export class Keyring {
  private readonly verificationKeys = new Map<string, Promise<VerificationKey | null>>();
  private readonly privateKeys = new Map<string, Promise<SigningKeyPair>>();
  private current: { loadedAt: number; pair: Promise<SigningKeyPair> } | undefined;

  constructor(private readonly prisma: PrismaClient, private readonly encryptionKey: Buffer) {}

  /** The public key for `kid` as a WebCrypto key, or null when we never made that key. */
  verificationKey(kid: string): Promise<VerificationKey | null> {
    const cached = this.verificationKeys.get(kid);
    if (cached) return cached;
    const loading = this.prisma.signingKey.findUnique({ where: { kid }, select: { publicJwk: true } }).then(async (row) => {
      if (!row) {
        this.verificationKeys.delete(kid);
        return null;
      }
      return (await importJWK(row.publicJwk as unknown as JWK, LICENSE_ALGORITHM)) as VerificationKey;
    });
    loading.catch(() => this.verificationKeys.delete(kid));
    this.verificationKeys.set(kid, loading);
    return loading;
  }

  /** The private key of `kid` (to re-render a license signed by it). @throws Error when the key is unknown or does not decrypt. */
  signingKey(kid: string): Promise<SigningKeyPair> {
    const cached = this.privateKeys.get(kid);
    if (cached) return cached;
    const loading = this.prisma.signingKey.findUnique({ where: { kid }, select: { privateKeyEncrypted: true } }).then((row) => {
      if (!row) throw new Error(`Unknown signing key ${kid}`);
      const der = decryptPrivateKey(row.privateKeyEncrypted, this.encryptionKey, kid);
      return { kid, privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) };
    });
    loading.catch(() => this.privateKeys.delete(kid));
    this.privateKeys.set(kid, loading);
    return loading;
  }

  /**
   * Forgets the public keys and which key is CURRENT, so both are read again on next use: the
   * license API calls it when the signing keys changed (a rotation or a key removed by any
   * process, seen through the license read's keysVersion, verified-key-cache.ts).
   */
  forgetPublicKeys(): void {
    this.verificationKeys.clear();
    this.current = undefined;
  }

  /** The CURRENT key (re-read at most every {@link CURRENT_KEY_TTL_MS}). @throws Error when there is none. */
  currentSigningKey(now = Date.now()): Promise<SigningKeyPair> {
    if (this.current && now - this.current.loadedAt < CURRENT_KEY_TTL_MS) return this.current.pair;
    const pair = this.prisma.signingKey.findFirst({ where: { status: 'CURRENT' }, select: { kid: true } }).then((row) => {
      if (!row) throw new Error('No current license signing key: start the API once or run npm run licenses:rotate-key');
      return this.signingKey(row.kid);
    });
    pair.catch(() => { this.current = undefined; });
    this.current = { loadedAt: now, pair };
    return pair;
  }
}
