import type { CSSProperties, ReactNode } from 'react';
import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';

/** One item's outcome in a bulk action: what it is (title, subtitle), whether it was done, and why or what it is now. */
export interface BulkResultRow {
  id: string;
  title: string;
  subtitle: ReactNode;
  isDone: boolean;
  detail: ReactNode;
}

/**
 * The answer to a bulk action that changes each item on its own: "N done, M refused", then a
 * Done/Refused row per item, then Close. `titleStyle` adds to the title cell's style.
 */
export function BulkResults({ rows, onClose, titleStyle }: { rows: BulkResultRow[]; onClose: () => void; titleStyle?: CSSProperties }) {
  const done = rows.filter((row) => row.isDone).length;
  return (
    <Stack>
      <Text size="sm" fw={500}>{done} done, {rows.length - done} refused</Text>
      <Table data-testid="bulk-results" verticalSpacing="xs">
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id}>
              <Table.Td style={{ overflowWrap: 'anywhere', ...titleStyle }}>
                <Text size="sm" fw={500}>{row.title}</Text>
                <Text size="xs" c="dimmed">{row.subtitle}</Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}><Badge color={row.isDone ? 'teal' : 'red'} miw={84}>{row.isDone ? 'Done' : 'Refused'}</Badge></Table.Td>
              <Table.Td>{row.detail}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="flex-end"><Button onClick={onClose} data-autofocus>Close</Button></Group>
    </Stack>
  );
}
