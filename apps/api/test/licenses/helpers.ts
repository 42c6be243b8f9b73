/**
 * License test helpers: licenses made directly in the database (signed by the CURRENT key, as the
 * payment hook makes them), their keys rendered as the API renders them, and calls to the public API.
 */
import { randomUUID } from 'node:crypto';
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { LicenseApiResponse } from '@marketdesk/shared';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { renderLicenseKey } from '../../src/modules/licenses/render-license-key.ts';
import type { AppDeps } from '../../src/platform/deps.ts';
import { createTestUser } from '../harness.ts';

export async function createPlugin(prisma: PrismaClient) {
  const unique = randomUUID().slice(0, 8);
  const user = await createTestUser(prisma, ['CREATOR']);
  const creator = await prisma.creatorAccount.create({ data: { slug: `@lic-${unique}`, displayName: `Licensor ${unique}`, userId: user.id } });
  return prisma.plugin.create({ data: { name: `licensed-plugin-${unique}`, creatorId: creator.id, priceAmount: 1500, currency: 'usd', status: 'PUBLISHED' } });
}

export interface LicenseOptions {
  pluginId: string;
  machineLimit?: number;
  expiresAt?: Date | null;
  issuedAt?: Date;
  buyerEmail?: string;
  status?: 'ACTIVE' | 'SUSPENDED' | 'REVOKED' | 'EXPIRED';
}

/** A license row signed by the current key, and its key string. */
export async function createLicense(deps: Pick<AppDeps, 'prisma' | 'config'>, options: LicenseOptions) {
  const current = await deps.prisma.signingKey.findFirstOrThrow({ where: { status: 'CURRENT' }, select: { kid: true } });
  const license = await deps.prisma.license.create({
    data: {
      keyId: randomUUID(), pluginId: options.pluginId, buyerEmail: options.buyerEmail ?? `buyer-${randomUUID().slice(0, 8)}@example.com`,
      entitlements: ['plugin.use'], machineLimit: options.machineLimit ?? 3, expiresAt: options.expiresAt ?? null, signingKid: current.kid,
      issuedAt: options.issuedAt ?? new Date(Math.floor(Date.now() / 1000) * 1000), status: options.status ?? 'ACTIVE',
    },
  });
  return { license, key: await renderLicenseKey(deps, license) };
}

export interface ApiAnswer {
  status: number;
  body: LicenseApiResponse & { error?: string; field?: string };
  text: string;
  headers: Headers;
}

/**
 * `key` with its signature changed: the signature's first character swapped (A ↔ another), a
 * character all of whose 6 bits count. Changing the last characters instead can leave the
 * signature as it was: the last base64url character of an Ed25519 signature carries 2 bits only.
 */
export function withTamperedSignature(key: string): string {
  const dot = key.lastIndexOf('.');
  return `${key.slice(0, dot + 1)}${key[dot + 1] === 'A' ? 'B' : 'A'}${key.slice(dot + 2)}`;
}

/** POSTs `body` (an object → JSON, a string → as is) to /v1/licenses/<action>. */
export async function callLicenseApi(url: string, action: 'validate' | 'activate' | 'deactivate', body: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> {
  const response = await fetch(`${url}/v1/licenses/${action}`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as ApiAnswer['body'], text, headers: response.headers };
}

/** The published keys as Node public keys, by kid (what a client builds from the JWKS). */
export async function fetchJwks(url: string): Promise<Map<string, KeyObject>> {
  const jwks = (await (await fetch(`${url}/.well-known/jwks.json`)).json()) as { keys: { kid: string; kty: string; crv: string; x: string }[] };
  return new Map(jwks.keys.map((jwk) => [jwk.kid, createPublicKey({ key: jwk, format: 'jwk' })]));
}
