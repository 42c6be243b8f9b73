/**
 * The key that encrypts license signing keys at rest, and the encryption itself: AES-256-GCM
 * (NIST SP 800-38D) with a fresh 96-bit IV per key and the key's `kid` as associated data, so a
 * ciphertext copied onto another key's row does not decrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../platform/config.ts';

const KEY_FILE = 'license-key-encryption-key';

/** Decodes a 32-byte key written as 64 hex digits, base64 or base64url. @throws Error naming the variable otherwise. */
export function parseEncryptionKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const bytes = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length !== 32) throw new Error(`${source} must be 32 bytes (64 hex digits or base64), got ${bytes.length} bytes`);
  return bytes;
}

/**
 * The 32-byte AES key: LICENSE_KEY_ENCRYPTION_KEY, else one generated once and kept (mode 0600)
 * in `<dataDir>/license-key-encryption-key`, as the session secret is.
 * @throws Error when the configured value is not 32 bytes.
 */
export function loadEncryptionKey(config: Pick<Config, 'licenseKeyEncryptionKey' | 'dataDir'>): Buffer {
  if (config.licenseKeyEncryptionKey) return parseEncryptionKey(config.licenseKeyEncryptionKey, 'LICENSE_KEY_ENCRYPTION_KEY');
  const file = path.join(config.dataDir, KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return parseEncryptionKey(readFileSync(file, 'utf8'), file);
}

/** Encrypts `plaintext` (a PKCS#8 DER private key) bound to `kid`. @returns "iv.tag.ciphertext", each base64url. */
export function encryptPrivateKey(plaintext: Buffer, key: Buffer, kid: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(kid));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url')).join('.');
}

/**
 * Reverses {@link encryptPrivateKey}.
 * @throws Error when the text is malformed, or the key or `kid` is not the one it was encrypted
 *   with (GCM authentication fails) — e.g. LICENSE_KEY_ENCRYPTION_KEY changed.
 */
export function decryptPrivateKey(encrypted: string, key: Buffer, kid: string): Buffer {
  const [iv, tag, ciphertext] = encrypted.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !ciphertext || iv.length !== 12 || tag.length !== 16) throw new Error(`Signing key ${kid}: the encrypted private key is malformed`);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(kid));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch (error) {
    throw new Error(`Signing key ${kid} does not decrypt: LICENSE_KEY_ENCRYPTION_KEY is not the key it was stored with`, { cause: error });
  }
}
