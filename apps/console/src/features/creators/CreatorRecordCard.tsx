import { Anchor, Card, Group, Loader, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTRPC } from '../../lib/trpc.ts';
import { ReputationSummary } from './ReputationSummary.tsx';

/**
 * The submission review page's "Creator record" (moderators with reputation.read): the creator's
 * reputation score, the "Closer look" badge with its reasons, and a link to the creator page.
 */
export function CreatorRecordCard({ creatorId }: { creatorId: string }) {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.reputation.creator.queryOptions({ creatorId }));
  return (
    <Card withBorder padding="md" data-testid="creator-record">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>Creator record</Text>
        <Anchor component={Link} to={`/creators/${creatorId}`} size="sm">Creator page</Anchor>
      </Group>
      {data ? <ReputationSummary reputation={data.reputation} isCompact /> : <Loader size="sm" aria-label="Loading creator record" />}
    </Card>
  );
}
