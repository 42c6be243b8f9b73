import { Button, Center, type ButtonProps, type CenterProps } from '@mantine/core';

/** The part of a TanStack infinite query that a "Load more" button needs. */
export interface MorePages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** "Load more" under a keyset-paginated list; renders nothing once the last page is in. */
export function LoadMoreButton({ more, size, mt }: { more: MorePages; size?: ButtonProps['size']; mt?: CenterProps['mt'] }) {
  if (!more.hasNextPage) return null;
  return (
    <Center mt={mt}>
      <Button variant="default" size={size} loading={more.isFetchingNextPage} onClick={() => void more.fetchNextPage()}>Load more</Button>
    </Center>
  );
}
