import type { ReactNode } from 'react';
import { Card, Text } from '@mantine/core';
import { DataTable, type DataTableProps } from 'mantine-datatable';
import { focusableScrollArea } from './focusable-scroll-area.ts';

type CardTableProps<T> = DataTableProps<T> & {
  title: string;
  testId: string;
  /** Height (px) kept for the "no records" text; a table with rows is as tall as its rows. */
  emptyMinHeight: number;
  /** Shown under the table, inside the card (a "Load more"). */
  footer?: ReactNode;
};

/** A titled card holding a borderless table: the small tables of an overview page. Other props go to DataTable. */
export function CardTable<T>({ title, testId, emptyMinHeight, footer, ...props }: CardTableProps<T>) {
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Text fw={600} mb="sm">{title}</Text>
      <DataTable withTableBorder={false} minHeight={props.records?.length ? undefined : emptyMinHeight} scrollAreaProps={focusableScrollArea(title)} {...props} />
      {footer}
    </Card>
  );
}
