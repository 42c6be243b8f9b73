import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useLastPresent } from '../../lib/use-last-present.ts';

/**
 * The decision was refused because this page is stale: the submission changed (a new version,
 * another moderator's decision, a claim taken over) since it was loaded. Nothing was applied;
 * reloading shows what it is now.
 */
export function ConflictModal({ message, onReload, onClose, isReloading }: { message: string | null; onReload: () => void; onClose: () => void; isReloading: boolean }) {
  const shown = useLastPresent(message);
  return (
    <Modal opened={message !== null} onClose={onClose} title="This submission changed since you opened it" size="md">
      <Stack>
        <Text size="sm">Your decision was not applied. Reload the submission to see its current state, then decide again.</Text>
        {shown && <Alert color="orange" variant="light">{shown}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Close</Button>
          <Button leftSection={<IconRefresh size={16} />} loading={isReloading} onClick={onReload} data-autofocus>Reload</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
