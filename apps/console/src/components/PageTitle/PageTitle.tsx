import { Title, type TitleProps } from '@mantine/core';

/**
 * A page's one heading: an `h1` (so the page has a top-level heading for screen readers and
 * axe's page-has-heading-one rule) drawn at h2 size, the size the console's pages are designed with.
 */
export function PageTitle(props: Omit<TitleProps, 'order'>) {
  return <Title order={1} size="h2" {...props} />;
}
