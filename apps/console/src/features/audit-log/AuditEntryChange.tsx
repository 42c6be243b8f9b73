import { Code, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import type { AuditEntry } from '@marketdesk/shared';

function JsonBlock({ label, value }: { label: string; value: unknown }) {
  return (
    <Stack gap={4}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">{label}</Text>
      {value === null || value === undefined ? (
        <Text size="sm" c="dimmed">Nothing recorded</Text>
      ) : (
        <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{JSON.stringify(value, null, 2)}</Code>
      )}
    </Stack>
  );
}

/** The expanded row: the target as it was before and after the action, and where it came from. */
export function AuditEntryChange({ entry }: { entry: AuditEntry }) {
  return (
    <Stack p="md" gap="sm" data-testid="audit-entry-change">
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <JsonBlock label="Before" value={entry.before} />
        <JsonBlock label="After" value={entry.after} />
      </SimpleGrid>
      <Group gap="lg">
        <Text size="xs" c="dimmed">Actor id: {entry.actorId ?? 'none (system)'}</Text>
        <Text size="xs" c="dimmed">IP: {entry.ip ?? 'not recorded'}</Text>
        <Text size="xs" c="dimmed">Entry #{entry.id}</Text>
      </Group>
    </Stack>
  );
}
