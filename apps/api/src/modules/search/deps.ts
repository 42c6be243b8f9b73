/** The parts of AppDeps the search services take. */
import type { AppDeps } from '../../platform/deps.ts';
import type { Role, SearchResult } from '@marketdesk/shared';
import type { ReadQuery, SearchScope } from './rules.ts';

/** The database (the search reads, it never writes) and the time (licenses' search reads it). */
export type SearchDeps = Pick<AppDeps, 'prisma' | 'clock'>;

/** What each kind's finder gets: the query as read, what of the kind the caller may see, and their roles (for routes). */
export interface FinderInput {
  query: ReadQuery;
  scope: SearchScope;
  roles: readonly Role[];
  /** Rows at most (SEARCH_LIMIT_PER_KIND). */
  limit: number;
}

/** One kind's search: one indexed query (or none when the query cannot be of that kind). */
export type Finder = (deps: SearchDeps, input: FinderInput) => Promise<SearchResult[]>;
