/**
 * Issuing a license row: signed by the CURRENT signing key (its key string is rendered from the
 * row, render-license-key.ts), ACTIVE, with a fresh key id. Shared by the payment sync (a paid
 * purchase's license) and support's replacement, so both issue the same way.
 */
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client.ts';

/** The terms of a new license. `expiresAt` null: never; `issuedAt` is the license's start. */
export interface LicenseTerms {
  /** A deterministic id (a free license's, so that the same request finds it); default a fresh cuid. */
  id?: string;
  pluginId: string;
  purchaseId: string | null;
  subscriptionId: string | null;
  buyerEmail: string;
  entitlements: string[];
  machineLimit: number;
  /** The tier the entitlements and machine limit come from; null or absent for a plugin without tiers. */
  tierId?: string | null;
  expiresAt: Date | null;
  issuedAt: Date;
  /** The license this one replaces (support's replacement), if any. */
  replacesLicenseId?: string;
}

/**
 * Creates an ACTIVE license with `terms`, signed by the CURRENT key, in `tx`. The caller writes
 * the audit row (who issued it differs: payments or a staff member).
 * @returns the new row's id, status fields and signing kid.
 * @throws Error when no CURRENT signing key exists (the API creates one on start).
 */
export async function issueLicense(tx: Prisma.TransactionClient, terms: LicenseTerms) {
  const key = await tx.signingKey.findFirst({ where: { status: 'CURRENT' }, select: { kid: true } });
  if (!key) throw new Error(`No license signing key exists yet to issue a license for plugin ${terms.pluginId}`);
  return tx.license.create({
    data: { keyId: randomUUID(), ...terms, signingKid: key.kid },
    select: { id: true, status: true, statusReason: true, statusChangedById: true, signingKid: true },
  });
}
