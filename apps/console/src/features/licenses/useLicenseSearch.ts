import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { LICENSE_RESULT_CODES, LICENSE_STATUSES, type LicenseResultCode, type LicenseStatus } from '@marketdesk/shared';
import { readOneOf, useSearchParamsPatch } from '../../lib/search-params.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { readLicenseKeyId } from './license-key.ts';

const PAGE_SIZE = 50;

export interface LicenseFilters {
  /** Any part of a buyer email, a license / key / purchase id, or part of a plugin name. */
  query: string;
  status?: LicenseStatus;
  pluginId?: string;
  /** Licenses the public API answered this code in the last 24 hours. */
  validationCode?: LicenseResultCode;
}

/**
 * Licenses as the URL filters them (?q=&status=&plugin=&validationCode=), newest issued first, one keyset page
 * ("Load more") at a time. A pasted key is kept in the URL as its key id (see license-key.ts).
 */
export function useLicenseSearch() {
  const trpc = useTRPC();
  const [params, update] = useSearchParamsPatch();
  const filters: LicenseFilters = {
    query: params.get('q')?.trim() ?? '',
    status: readOneOf(params.get('status'), LICENSE_STATUSES),
    pluginId: params.get('plugin')?.trim() || undefined,
    validationCode: readOneOf(params.get('validationCode'), LICENSE_RESULT_CODES),
  };
  const query = useInfiniteQuery({
    ...trpc.licenses.search.infiniteQueryOptions(
      { query: filters.query || undefined, status: filters.status, pluginId: filters.pluginId, validationCode: filters.validationCode, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
    placeholderData: keepPreviousData,
  });
  return {
    filters,
    query,
    licenses: query.data?.pages.flatMap((page) => page.items) ?? [],
    matchedBy: query.data?.pages[0]?.matchedBy,
    setQuery: (text: string) => update({ q: readLicenseKeyId(text) ?? text }),
    setFilters: (patch: Partial<Omit<LicenseFilters, 'query'>>) => update({
      ...('status' in patch ? { status: patch.status } : {}),
      ...('pluginId' in patch ? { plugin: patch.pluginId } : {}),
      ...('validationCode' in patch ? { validationCode: patch.validationCode } : {}),
    }),
    clearFilters: () => update({ q: null, status: null, plugin: null, validationCode: null }),
  };
}
