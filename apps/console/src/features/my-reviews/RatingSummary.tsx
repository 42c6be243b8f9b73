import { Card, Group, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import type { RouterOutputs } from '../../lib/trpc.ts';

type PluginRating = RouterOutputs['reviews']['ownSummary']['plugins'][number];

/** Sums several plugins' ratings into one (count, average, distribution); the score is the first's with one plugin, else null. */
function combine(plugins: PluginRating[]) {
  const count = plugins.reduce((n, p) => n + p.count, 0);
  const distribution = [0, 1, 2, 3, 4].map((i) => plugins.reduce((n, p) => n + p.distribution[i]!, 0));
  const sum = distribution.reduce((total, n, i) => total + n * (i + 1), 0);
  return { count, average: count > 0 ? sum / count : null, score: plugins.length === 1 ? plugins[0]!.score : null, distribution };
}

/**
 * A plugin's (or all the creator's plugins') published ratings: the Bayesian score buyers rank by,
 * the plain average, the count and a bar per star.
 */
export function RatingSummary({ plugins }: { plugins: PluginRating[] }) {
  const { count, average, score, distribution } = combine(plugins);
  return (
    <Card withBorder padding="md" data-testid="rating-summary">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <Group gap="xl" align="flex-start">
          {score !== null && (
            <Stack gap={0}>
              <Text size="xs" c="dimmed">Score</Text>
              <Text fz={28} fw={700} data-testid="rating-score">{score.toFixed(2)}</Text>
              <Text size="xs" c="dimmed">Bayesian, ranks the plugin</Text>
            </Stack>
          )}
          <Stack gap={0}>
            <Text size="xs" c="dimmed">Average</Text>
            <Text fz={28} fw={700} data-testid="rating-average">{average === null ? '—' : average.toFixed(2)}</Text>
          </Stack>
          <Stack gap={0}>
            <Text size="xs" c="dimmed">Reviews</Text>
            <Text fz={28} fw={700} data-testid="rating-count">{count}</Text>
            <Text size="xs" c="dimmed">published</Text>
          </Stack>
        </Group>
        <Stack gap={4} aria-label="Reviews per star">
          {[5, 4, 3, 2, 1].map((stars) => {
            const n = distribution[stars - 1]!;
            return (
              <Group key={stars} gap="xs" wrap="nowrap">
                <Text size="sm" w={52}>{stars} star{stars > 1 ? 's' : ''}</Text>
                <Progress value={count > 0 ? (100 * n) / count : 0} color="yellow.6" style={{ flex: 1 }} aria-label={`${stars} stars: ${n} of ${count} reviews`} />
                <Text size="sm" w={40} ta="right">{n}</Text>
              </Group>
            );
          })}
        </Stack>
      </SimpleGrid>
    </Card>
  );
}
