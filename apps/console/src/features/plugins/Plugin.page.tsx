import { Anchor, Badge, Group, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { hasPermission } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';
import { useTRPC } from '../../lib/trpc.ts';
import { PluginReviewsList } from '../my-reviews/PluginReviewsList.tsx';
import { RatingsOverTimeChart } from './RatingsOverTimeChart.tsx';
import { RatingSummary } from './RatingSummary.tsx';

export const PRICING_MODEL_LABELS = { FREE: 'Free', ONE_TIME: 'One-time purchase', SUBSCRIPTION: 'Subscription' } as const;

/**
 * One plugin for staff (reviews.read): name, creator (a link to the creator page for roles with
 * reputation.read), pricing model and price, its rating with the distribution, and ratings over
 * the last 12 months. An unknown plugin is the API's NOT_FOUND.
 */
export default function PluginPage() {
  const { pluginId = '' } = useParams();
  const trpc = useTRPC();
  const { roles } = useSignedInUser();
  const { data } = useQuery(trpc.reputation.plugin.queryOptions({ pluginId }));
  if (!data) return <Loader m="xl" aria-label="Loading plugin" />;
  const { plugin, rating, overTime } = data;
  return (
    <Stack gap="md">
      <div>
        <PageTitle>{plugin.name}</PageTitle>
        <Group gap="xs" mt={4}>
          <Text size="sm">by</Text>
          {hasPermission(roles, 'reputation.read')
            ? <Anchor component={Link} to={`/creators/${plugin.creator.id}`} size="sm" data-testid="plugin-creator">{plugin.creator.displayName}</Anchor>
            : <Text size="sm" data-testid="plugin-creator">{plugin.creator.displayName}</Text>}
          <Text size="sm" c="dimmed">{plugin.creator.slug}</Text>
          <Badge variant="light" data-testid="plugin-pricing-model">{PRICING_MODEL_LABELS[plugin.pricingModel]}</Badge>
          {plugin.pricingModel !== 'FREE' && <Text size="sm"><MoneyText amount={plugin.priceAmount} currency={plugin.currency} />{plugin.pricingModel === 'SUBSCRIPTION' ? ' per period' : ''}</Text>}
          <Badge variant="outline" color="gray">{plugin.status.toLowerCase()}</Badge>
        </Group>
        {plugin.summary && <Text size="sm" c="dimmed" mt={4}>{plugin.summary}</Text>}
      </div>
      <RatingSummary rating={rating} />
      <RatingsOverTimeChart months={overTime} />
      <PluginReviewsList pluginId={plugin.id} />
    </Stack>
  );
}
