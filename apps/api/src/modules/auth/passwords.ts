/**
 * Password hashing with argon2id (@node-rs/argon2), parameters from OWASP's Password Storage
 * Cheat Sheet (m = 19 MiB, t = 2, p = 1). Hashes are PHC strings, so the parameters travel with them.
 */
import { hash, verify } from '@node-rs/argon2';

// algorithm 2 is Algorithm.Argon2id (a const enum, which isolated modules cannot read).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Returns the PHC-format argon2id hash of `password`. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** True when `password` matches `passwordHash`; false (never throws) for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Spends the same time as a real verification, so an unknown email is not told apart by timing. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('marketdesk-dummy-password');
  await verifyPassword(await dummyHash, password);
  return false;
}
