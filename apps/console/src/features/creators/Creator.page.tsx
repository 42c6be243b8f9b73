import { Anchor, Card, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { hasPermission } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { CardTable } from '../../components/CardTable/CardTable.tsx';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { PRICING_MODEL_LABELS } from '../plugins/Plugin.page.tsx';
import { formatStars } from '../plugins/RatingSummary.tsx';
import { RatingsOverTimeChart } from '../plugins/RatingsOverTimeChart.tsx';
import { ReputationSummary } from './ReputationSummary.tsx';

/**
 * One creator's record for staff with reputation.read (admins, moderators, finance): the
 * reputation score with its components explained and the closer-look badge, the counts behind
 * it, their plugins with ratings (links to the plugin pages) and ratings over 12 months.
 */
export default function CreatorPage() {
  const { creatorId = '' } = useParams();
  const trpc = useTRPC();
  const { roles } = useSignedInUser();
  const canReadPlugins = hasPermission(roles, 'reviews.read');
  const { data } = useQuery(trpc.reputation.creator.queryOptions({ creatorId }));
  if (!data) return <Loader m="xl" aria-label="Loading creator" />;
  const { creator, reputation, counts, plugins, overTime } = data;
  return (
    <Stack gap="md">
      <div>
        <PageTitle>{creator.displayName}</PageTitle>
        <Text size="sm" c="dimmed">{creator.slug} · creator since {formatDateTime(creator.createdAt)}</Text>
      </div>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder padding="md" data-testid="creator-reputation">
          <Text fw={600} mb="sm">Reputation</Text>
          <ReputationSummary reputation={reputation} />
        </Card>
        <Card withBorder padding="md" data-testid="creator-counts">
          <Text fw={600} mb="sm">Record</Text>
          <Stack gap={4}>
            <Text size="sm">{counts.reviews} published reviews</Text>
            <Text size="sm">{counts.paidPurchases} paid purchases · {counts.refundedPurchases} refunded · {counts.disputedPurchases} disputed</Text>
            <Text size="sm">{counts.submissions} submission{counts.submissions === 1 ? '' : 's'} · {counts.decidedSubmissions} decided · {counts.rejectedSubmissions} rejected</Text>
            <Text size="sm">{counts.criticalSubmissions} with a critical finding ({counts.recentCriticalSubmissions} in the last 90 days)</Text>
          </Stack>
        </Card>
      </SimpleGrid>
      <CardTable
        title="Plugins"
        testId="creator-plugins"
        emptyMinHeight={120}
        idAccessor="id"
        records={plugins}
        noRecordsText="No plugins"
        columns={[
          { accessor: 'name', title: 'Plugin', render: (p) => (canReadPlugins ? <Anchor component={Link} to={`/plugins/${p.id}`} size="sm">{p.name}</Anchor> : p.name) },
          { accessor: 'pricingModel', title: 'Pricing model', render: (p) => PRICING_MODEL_LABELS[p.pricingModel] },
          { accessor: 'status', title: 'Status', render: (p) => p.status.toLowerCase() },
          { accessor: 'count', title: 'Reviews', textAlign: 'right' },
          { accessor: 'average', title: 'Mean', textAlign: 'right', render: (p) => formatStars(p.average) },
          { accessor: 'score', title: 'Score', textAlign: 'right', render: (p) => formatStars(p.score) },
        ]}
      />
      <RatingsOverTimeChart months={overTime} testId="creator-ratings-over-time" />
    </Stack>
  );
}
