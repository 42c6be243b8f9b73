import { Group, Kbd, Modal, Stack, Text } from '@mantine/core';
import type { Shortcut } from './use-shortcuts.ts';

/** The page's keyboard shortcuts, opened with "?". */
export function ShortcutsHelp({ shortcuts, opened, onClose }: { shortcuts: readonly Shortcut[]; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="sm">
      <Stack gap="xs">
        {shortcuts.map((shortcut) => (
          <Group key={shortcut.description} justify="space-between" wrap="nowrap">
            <Text size="sm">{shortcut.description}</Text>
            <Group gap={4} wrap="nowrap">
              {shortcut.keys.map((key) => <Kbd key={key}>{key}</Kbd>)}
            </Group>
          </Group>
        ))}
        <Text size="xs" c="dimmed">Shortcuts are ignored while you type in a field.</Text>
      </Stack>
    </Modal>
  );
}
