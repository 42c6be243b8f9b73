import { Alert, Anchor, Badge, Code, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '../../lib/format.ts';
import { useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';

type Creator = RouterOutputs['connect']['restrictedCreators']['items'][number];

/**
 * Creators whose Stripe connected account is restricted — cannot receive transfers (their plugins
 * cannot be bought) or payouts, or is disabled — with Stripe's reason and what it still needs.
 */
export default function RestrictedCreatorsPage() {
  const trpc = useTRPC();
  const query = useQuery(trpc.connect.restrictedCreators.queryOptions({ limit: 200 }));
  const items = query.data?.items ?? [];
  return (
    <Stack gap="md">
      <PageTitle>Restricted creators</PageTitle>
      <Text c="dimmed" maw={720}>Connected accounts Stripe restricts, as last reported by account.updated. A creator whose transfers are not active cannot sell: purchases of their plugins are refused until they finish onboarding.</Text>
      {query.isPending ? <Loader aria-label="Loading restricted creators" /> : null}
      {query.error ? <Alert color="red" title="Could not load restricted creators">{query.error.message}</Alert> : null}
      {query.data && items.length === 0 ? <Text>No creator is restricted.</Text> : null}
      {items.length > 0 ? (
        <Table striped highlightOnHover aria-label="Restricted creators">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Creator</Table.Th>
              <Table.Th>Published plugins</Table.Th>
              <Table.Th>Transfers</Table.Th>
              <Table.Th>Payouts</Table.Th>
              <Table.Th>Disabled reason</Table.Th>
              <Table.Th>Currently due</Table.Th>
              <Table.Th>Stripe account</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{items.map((creator) => <CreatorRow key={creator.creatorId} creator={creator} />)}</Table.Tbody>
        </Table>
      ) : null}
    </Stack>
  );
}

function CreatorRow({ creator }: { creator: Creator }) {
  return (
    <Table.Tr>
      <Table.Td><Anchor component={Link} to={`/creators/${creator.creatorId}`} size="sm">{creator.displayName}</Anchor><Text size="xs" c="dimmed">{creator.slug}</Text></Table.Td>
      <Table.Td>{creator.publishedPlugins}</Table.Td>
      <Table.Td><Badge color={creator.canReceiveTransfers ? 'green' : 'red'} variant="light">{creator.transfersCapability ?? 'none'}</Badge></Table.Td>
      <Table.Td><Badge color={creator.payoutsEnabled ? 'green' : 'red'} variant="light">{creator.payoutsEnabled ? 'enabled' : 'disabled'}</Badge></Table.Td>
      <Table.Td>{creator.disabledReason ? <Code>{creator.disabledReason}</Code> : '—'}</Table.Td>
      <Table.Td>
        <Group gap={4}>{creator.currentlyDue.length > 0 ? creator.currentlyDue.map((requirement) => <Code key={requirement}>{requirement}</Code>) : '—'}</Group>
      </Table.Td>
      <Table.Td>
        <Text size="xs" ff="monospace">{creator.stripeAccountId}</Text>
        {creator.syncedAt ? <Text size="xs" c="dimmed">read {formatDateTime(creator.syncedAt)}</Text> : null}
      </Table.Td>
    </Table.Tr>
  );
}
