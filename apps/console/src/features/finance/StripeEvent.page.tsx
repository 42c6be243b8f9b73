import { Anchor, Badge, Button, Card, Code, CopyButton, Group, Loader, SimpleGrid, Spoiler, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { hasPermission, type StripeEventObjectLink } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';
import { formatPreciseDateTime } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { STRIPE_EVENT_STATUS_COLORS } from './labels.ts';
import { ReplayEventButton } from './ReplayEventButton.tsx';
import { StatusBadge } from './StatusBadge.tsx';

/** While an event waits or is being processed, the page reads it again this often (ms). */
const POLL_MS = 1000;

function ObjectLink({ link }: { link: StripeEventObjectLink | null }) {
  if (!link) return <Text size="sm">No Marketdesk record names it.</Text>;
  if (link.kind === 'purchase') return <Anchor component={Link} to={`/transactions/${link.purchaseId}`} size="sm">Open its purchase</Anchor>;
  return <Anchor component={Link} to={`/payouts?creatorId=${encodeURIComponent(link.creatorId)}`} size="sm">{link.creatorName}&apos;s payouts</Anchor>;
}

function Moment({ label, at }: { label: string; at: Date | null }) {
  return (
    <div>
      <Text size="sm" fw={600}>{label}</Text>
      <Text size="sm">{at ? formatPreciseDateTime(at) : '—'}</Text>
    </div>
  );
}

/** One webhook event: status and times, the object it is about (linked), its processing attempts, its payload; replay behind a confirmation. */
export default function StripeEventPage() {
  const trpc = useTRPC();
  const { eventId = '' } = useParams();
  const canReplay = hasPermission(useSignedInUser().roles, 'stripeEvents.replay');
  const query = useQuery(trpc.stripeEvents.get.queryOptions({ id: eventId }, {
    refetchInterval: (q) => (q.state.data && ['PENDING', 'PROCESSING'].includes(q.state.data.status) ? POLL_MS : false),
  }));
  const event = query.data;
  if (query.isError) return <Stack><PageTitle>Stripe event</PageTitle><Text c="red">{query.error.message}</Text></Stack>;
  if (!event) return <Loader aria-label="Loading the event" />;
  const payload = JSON.stringify(event.payload, null, 2);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Anchor component={Link} to="/stripe-events" size="sm">← Stripe events</Anchor>
          <PageTitle>{event.type}</PageTitle>
          <Group gap="xs">
            <Text size="sm" ff="monospace">{event.id}</Text>
            <StatusBadge label={event.status} color={STRIPE_EVENT_STATUS_COLORS[event.status]} />
            <Badge variant="outline" color="gray">{event.account ?? 'platform'}</Badge>
          </Group>
        </div>
        {canReplay && <ReplayEventButton eventId={event.id} eventType={event.type} size="sm" />}
      </Group>
      <Card withBorder>
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Moment label="Created at Stripe" at={event.stripeCreatedAt} />
          <Moment label="Received" at={event.receivedAt} />
          <Moment label="Processed" at={event.processedAt} />
          <Moment label={event.status === 'FAILED' ? 'Next attempt' : 'Due'} at={['FAILED', 'PENDING'].includes(event.status) ? event.nextAttemptAt : null} />
        </SimpleGrid>
        {event.lastError && <Text size="sm" c="red" mt="sm" data-testid="event-last-error">{event.lastError}</Text>}
      </Card>
      <Card withBorder data-testid="event-object">
        <Text fw={600} mb="xs">About</Text>
        {event.object ? (
          <Group gap="sm"><Code>{event.object.type}</Code><Code>{event.object.id}</Code><ObjectLink link={event.object.link} /></Group>
        ) : <Text size="sm">The payload names no object.</Text>}
      </Card>
      <Card withBorder>
        <Text fw={600} mb="xs">Processing attempts ({event.processingAttempts.length})</Text>
        {event.processingAttempts.length === 0 ? <Text size="sm">Not processed yet.</Text> : (
          <Table striped aria-label="Processing attempts" data-testid="event-attempts">
            <Table.Thead>
              <Table.Tr><Table.Th>Attempt</Table.Th><Table.Th>Started</Table.Th><Table.Th>Took</Table.Th><Table.Th>Worker</Table.Th><Table.Th>Outcome</Table.Th><Table.Th>Error</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {event.processingAttempts.map((a, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{a.attempt}</Table.Td>
                  <Table.Td>{formatPreciseDateTime(a.startedAt)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{a.finishedAt.getTime() - a.startedAt.getTime()} ms</Table.Td>
                  <Table.Td><Text size="xs" ff="monospace">{a.worker ?? '—'}</Text></Table.Td>
                  <Table.Td><StatusBadge label={a.outcome} color={STRIPE_EVENT_STATUS_COLORS[a.outcome]} /></Table.Td>
                  <Table.Td>{a.error ? <Text size="sm" c="red">{a.error}</Text> : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Text fw={600}>Payload</Text>
          <CopyButton value={payload}>
            {({ copied, copy }) => (
              <Button size="compact-sm" variant="default" leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />} onClick={copy}>{copied ? 'Copied' : 'Copy JSON'}</Button>
            )}
          </CopyButton>
        </Group>
        <Spoiler maxHeight={320} showLabel="Show the whole payload" hideLabel="Collapse the payload">
          <Code block tabIndex={0} aria-label="Event payload (JSON)" data-testid="event-payload">{payload}</Code>
        </Spoiler>
      </Card>
    </Stack>
  );
}
