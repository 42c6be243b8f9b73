import type { ReactNode } from 'react';
import { Button, Group, Kbd, Paper, Text } from '@mantine/core';

/** One bulk action of a queue: its button and the key that runs it. */
export interface SelectionAction {
  label: string;
  color: string;
  icon: ReactNode;
  key: string;
  run: () => void;
}

/** Bulk actions over the selected rows of a queue (submissions, buyer reviews); hidden while nothing is selected. */
export function QueueSelectionBar({ count, actions, onClear }: { count: number; actions: readonly SelectionAction[]; onClear: () => void }) {
  if (count === 0) return null;
  return (
    <Paper withBorder p="xs" radius="md" bg="var(--mantine-primary-color-light)" data-testid="selection-bar">
      <Group justify="space-between">
        <Text size="sm" fw={500}>{count} selected</Text>
        <Group gap="xs">
          {actions.map((action) => (
            <Button key={action.key} size="xs" color={action.color} leftSection={action.icon} rightSection={<Kbd size="xs" aria-hidden>{action.key}</Kbd>} aria-keyshortcuts={action.key} onClick={action.run}>
              {action.label}
            </Button>
          ))}
          <Button size="xs" variant="subtle" onClick={onClear}>Clear selection</Button>
        </Group>
      </Group>
    </Paper>
  );
}
