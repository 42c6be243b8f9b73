/**
 * One {@link Keyring} per database client in this process, so the public API, the support
 * procedures and the payment hook share cached public keys and decrypted private keys.
 */
import type { AppDeps } from '../../platform/deps.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { loadEncryptionKey } from './key-encryption.ts';
import { Keyring } from './signing-keys.ts';

const keyrings = new WeakMap<PrismaClient, Keyring>();

/** The process's keyring for `deps.prisma`. @throws Error when the encryption key is misconfigured. */
export function keyringFor(deps: Pick<AppDeps, 'prisma' | 'config'>): Keyring {
  let keyring = keyrings.get(deps.prisma);
  if (!keyring) {
    keyring = new Keyring(deps.prisma, loadEncryptionKey(deps.config));
    keyrings.set(deps.prisma, keyring);
  }
  return keyring;
}
