import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ROLES } from '@marketdesk/shared';
import { readOneOf, readPositiveInt, useSearchParamsPatch } from '../../lib/search-params.ts';
import { useTRPC, type RouterInputs } from '../../lib/trpc.ts';

/** `locked`: the sign-in throttle refuses the account's email now (from some network). */
export const ACCOUNT_STATUSES = ['all', 'active', 'disabled', 'locked'] as const;
export const PAGE_SIZES = [10, 25, 50, 100];
const DEFAULT_PAGE_SIZE = 25;

export type StaffAccountsFilters = Required<Pick<RouterInputs['users']['list'], 'status' | 'page' | 'pageSize'>> &
  Pick<RouterInputs['users']['list'], 'search' | 'role'>;

/**
 * The staff-accounts list as the URL describes it (?search=&role=&status=&page=&pageSize=),
 * and setters that keep it there. Changing a filter returns to page 1.
 */
export function useStaffAccountsQuery() {
  const trpc = useTRPC();
  const [params, update] = useSearchParamsPatch();
  const filters: StaffAccountsFilters = {
    search: params.get('search')?.trim() || undefined,
    role: readOneOf(params.get('role'), ROLES),
    status: readOneOf(params.get('status'), ACCOUNT_STATUSES) ?? 'all',
    page: readPositiveInt(params.get('page'), 1),
    pageSize: PAGE_SIZES.includes(Number(params.get('pageSize'))) ? Number(params.get('pageSize')) : DEFAULT_PAGE_SIZE,
  };
  const query = useQuery(trpc.users.list.queryOptions(filters, { placeholderData: keepPreviousData }));
  return {
    filters,
    query,
    setFilter: (patch: Partial<Pick<StaffAccountsFilters, 'search' | 'role' | 'status' | 'pageSize'>>) =>
      update({
        ...patch,
        // Defaults stay out of the URL.
        ...('status' in patch ? { status: patch.status === 'all' ? undefined : patch.status } : {}),
        ...('pageSize' in patch ? { pageSize: patch.pageSize === DEFAULT_PAGE_SIZE ? undefined : patch.pageSize } : {}),
        page: undefined,
      }),
    setPage: (page: number) => update({ page: page === 1 ? undefined : page }, { replace: false }),
  };
}
