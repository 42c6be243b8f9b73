import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useLastPresent } from '../../lib/use-last-present.ts';

interface ConflictModalProps {
  message: string | null;
  onReload: () => void;
  onClose: () => void;
  isReloading: boolean;
  /** What was being decided, as the title and text name it (default "submission"). */
  subject?: string;
}

/**
 * The decision was refused because this page is stale: the submission (or buyer review) changed
 * — a new version, another moderator's decision, a claim taken over — since it was loaded. Nothing
 * was applied; reloading shows what it is now. Shared by the submission and buyer-review pages.
 */
export function ConflictModal({ message, onReload, onClose, isReloading, subject = 'submission' }: ConflictModalProps) {
  const shown = useLastPresent(message);
  return (
    <Modal opened={message !== null} onClose={onClose} title={`This ${subject} changed since you opened it`} size="md">
      <Stack>
        <Text size="sm">Your decision was not applied. Reload the {subject} to see its current state, then decide again.</Text>
        {shown && <Alert color="orange" variant="light">{shown}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Close</Button>
          <Button leftSection={<IconRefresh size={16} />} loading={isReloading} onClick={onReload} data-autofocus>Reload</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
