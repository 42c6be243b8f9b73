import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { SUBMISSION_STATUSES } from '@marketdesk/shared';
import { readOneOf, readPositiveInt, useSearchParamsPatch } from '../../lib/search-params.ts';
import { useTRPC } from '../../lib/trpc.ts';
import type { SubmissionStatus } from '../moderation/labels.ts';

export const PAGE_SIZES = [10, 25, 50, 100];
const DEFAULT_PAGE_SIZE = 25;

/** The creator's submissions as the URL describes them (?status=&page=&pageSize=), newest first. */
export function useMySubmissionsQuery() {
  const trpc = useTRPC();
  const [params, update] = useSearchParamsPatch();
  const pageSize = PAGE_SIZES.includes(Number(params.get('pageSize'))) ? Number(params.get('pageSize')) : DEFAULT_PAGE_SIZE;
  const filters = { status: readOneOf(params.get('status'), SUBMISSION_STATUSES), page: readPositiveInt(params.get('page'), 1), pageSize };
  const query = useQuery(trpc.submissions.mine.queryOptions(filters, { placeholderData: keepPreviousData }));
  return {
    filters,
    query,
    setStatus: (status: SubmissionStatus | undefined) => update({ status, page: undefined }),
    setPage: (page: number) => update({ page: page === 1 ? undefined : page }, { replace: false }),
    setPageSize: (size: number) => update({ pageSize: size === DEFAULT_PAGE_SIZE ? undefined : size, page: undefined }),
  };
}
