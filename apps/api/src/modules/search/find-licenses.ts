/**
 * Licenses for the palette (support): a pasted license key through licenses' own search (matched
 * by its jti, the same reading as the licenses page), else part of the buyer email
 * (case-insensitive `contains`, as transactions match purchases) or the license's or its
 * purchase's id.
 */
import type { SearchResult } from '@marketdesk/shared';
import type { Prisma } from '../../generated/prisma/client.ts';
import { searchLicenses } from '../licenses/index.ts';
import type { Finder } from './deps.ts';

const toResult = (l: { id: string; buyerEmail: string; status: string; plugin: { name: string } }): SearchResult =>
  ({ kind: 'license', id: l.id, title: l.plugin.name, subtitle: `${l.buyerEmail} · ${l.status}`, route: `/licenses/${l.id}` });

/** Licenses, newest issued first: by pasted key, part of the buyer email, or id. */
export const findLicenses: Finder = async (deps, { query, limit }) => {
  if (query.stripePrefix) return [];
  if (query.isLicenseKey) {
    const found = await searchLicenses(deps, { query: query.text, limit });
    return found.matchedBy === 'key' ? found.items.map(toResult) : [];
  }
  const byEmail: Prisma.LicenseWhereInput = { buyerEmail: { contains: query.text, mode: 'insensitive' } };
  const rows = await deps.prisma.license.findMany({
    where: query.isOurId ? { OR: [{ id: query.text }, { purchaseId: query.text }, byEmail] } : byEmail,
    take: limit, orderBy: [{ issuedAt: 'desc' }, { id: 'desc' }],
    select: { id: true, buyerEmail: true, status: true, plugin: { select: { name: true } } },
  });
  return rows.map(toResult);
};
