import { Card, Group, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import type { PluginRatingSummary } from '@marketdesk/shared';

/** Stars to two decimals ("4.37"), or an em dash without a value. */
export function formatStars(value: number | null): string {
  return value === null ? '—' : value.toFixed(2);
}

/**
 * A plugin's rating: the Bayesian score (what listings sort by), the plain mean and count, and a
 * bar per star (5 first) with its count and share.
 */
export function RatingSummary({ rating }: { rating: PluginRatingSummary }) {
  return (
    <Card withBorder padding="md" data-testid="rating-summary">
      <Text fw={600} mb="sm">Rating</Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <Stack gap={4}>
          <Text size="xs" c="dimmed">Score (Bayesian)</Text>
          <Text fz={32} fw={700} data-testid="rating-score">{formatStars(rating.score)}</Text>
          <Text size="sm" data-testid="rating-average">Mean {formatStars(rating.average)} of 5 from {rating.count} published review{rating.count === 1 ? '' : 's'}</Text>
          <Text size="xs" c="dimmed">
            The score is (C·m + sum of stars) ÷ (C + reviews), with m = {rating.prior.mean.toFixed(2)} (the marketplace's mean) and C = {rating.prior.weight}: a few reviews cannot outrank many.
          </Text>
        </Stack>
        <Stack gap={6} data-testid="rating-distribution">
          {[...rating.distribution].reverse().map((star) => (
            <Group key={star.stars} gap="xs" wrap="nowrap">
              <Text size="sm" w={52}>{star.stars} star{star.stars === 1 ? '' : 's'}</Text>
              <Progress value={star.share * 100} color="yellow.7" style={{ flex: 1 }} aria-label={`${star.stars} stars: ${Math.round(star.share * 100)} %`} />
              <Text size="sm" w={88} ta="right" data-testid={`stars-${star.stars}`}>{star.count} ({Math.round(star.share * 100)} %)</Text>
            </Group>
          ))}
        </Stack>
      </SimpleGrid>
    </Card>
  );
}
