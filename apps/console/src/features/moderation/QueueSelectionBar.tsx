import { Button, Group, Kbd, Paper, Text } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';

/** Bulk actions over the selected rows; hidden while nothing is selected. */
export function QueueSelectionBar({ count, onApprove, onReject, onClear }: { count: number; onApprove: () => void; onReject: () => void; onClear: () => void }) {
  if (count === 0) return null;
  return (
    <Paper withBorder p="xs" radius="md" bg="var(--mantine-primary-color-light)" data-testid="selection-bar">
      <Group justify="space-between">
        <Text size="sm" fw={500}>{count} selected</Text>
        <Group gap="xs">
          <Button size="xs" color="teal" leftSection={<IconCheck size={14} />} rightSection={<Kbd size="xs" aria-hidden>a</Kbd>} aria-keyshortcuts="a" onClick={onApprove}>Approve selected</Button>
          <Button size="xs" color="red" leftSection={<IconX size={14} />} rightSection={<Kbd size="xs" aria-hidden>r</Kbd>} aria-keyshortcuts="r" onClick={onReject}>Reject selected</Button>
          <Button size="xs" variant="subtle" onClick={onClear}>Clear selection</Button>
        </Group>
      </Group>
    </Paper>
  );
}
