import { Button, Code, Group, List, Modal, Stack, Text, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { IconRefresh } from '@tabler/icons-react';
import { notifyFailure, notifySuccess } from '../../lib/notify.ts';
import { useRefreshAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC } from '../../lib/trpc.ts';

/**
 * Replay of Stripe event `eventId` behind a confirmation that says what replay does
 * (stripeEvents.replay: back in the queue, processed again by re-fetching the object from Stripe).
 */
export function ReplayEventButton({ eventId, eventType, size = 'compact-xs' }: { eventId: string; eventType: string; size?: ButtonProps['size'] }) {
  const trpc = useTRPC();
  const refreshAfterWrite = useRefreshAfterWrite();
  const [opened, { open, close }] = useDisclosure(false);
  const replay = useMutation(
    trpc.stripeEvents.replay.mutationOptions({
      onSuccess: async ({ id }) => {
        close();
        notifySuccess('Event queued', `${id} will be processed again.`);
        await refreshAfterWrite(trpc.stripeEvents.pathFilter());
      },
      onError: (error) => notifyFailure('Replay refused', error),
    }),
  );
  return (
    <>
      <Button size={size} variant="light" leftSection={<IconRefresh size={12} />} onClick={open} aria-label={`Replay ${eventId}`}>
        Replay
      </Button>
      <Modal opened={opened} onClose={close} title="Replay this event?">
        <Stack gap="sm">
          <Text size="sm"><Code>{eventType}</Code> <Code>{eventId}</Code></Text>
          <List size="sm" spacing={4}>
            <List.Item>The event goes back in the queue and is processed again within seconds.</List.Item>
            <List.Item>Processing re-fetches the object the event names from Stripe and brings our records (purchase, refunds, ledger, licenses, payouts) in line with what Stripe reports now — the payload is not applied as it is.</List.Item>
            <List.Item>Nothing is posted twice: every ledger posting is keyed by its Stripe object, so a record already up to date stays as it is.</List.Item>
            <List.Item>Its attempt count starts again at 0 (earlier attempts stay listed), and the replay is written to the audit log.</List.Item>
          </List>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>Cancel</Button>
            <Button leftSection={<IconRefresh size={14} />} loading={replay.isPending} onClick={() => replay.mutate({ id: eventId })}>Replay event</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
