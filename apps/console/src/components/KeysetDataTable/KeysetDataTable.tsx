import { DataTable, type DataTableProps } from 'mantine-datatable';
import { focusableScrollArea } from '../CardTable/focusable-scroll-area.ts';
import { LoadMoreButton, type MorePages } from '../LoadMoreButton/LoadMoreButton.tsx';

type KeysetDataTableProps<T> = DataTableProps<T> & {
  /** The infinite query behind `records`: its pages are flattened by the caller, its next page is fetched here. */
  query: MorePages & { isFetching: boolean };
  /** The accessible name of the table's scroll region (focusable, so keyboard users can scroll it); default "Results". */
  label?: string;
};

/**
 * A console list page's table over a keyset-paginated (cursor) infinite query, with "Load more"
 * under it. The loader covers a first load or a filter change, not the fetch of a next page;
 * pass `fetching` to decide otherwise. Every other prop goes to mantine-datatable's DataTable.
 */
export function KeysetDataTable<T>({ query, label = 'Results', ...props }: KeysetDataTableProps<T>) {
  return (
    <>
      <DataTable withTableBorder borderRadius="md" minHeight={240} idAccessor="id" fetching={query.isFetching && !query.isFetchingNextPage} scrollAreaProps={focusableScrollArea(label)} {...props} />
      <LoadMoreButton more={query} />
    </>
  );
}
