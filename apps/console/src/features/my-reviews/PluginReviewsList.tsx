import { Alert, Badge, Card, Group, Loader, Paper, Select, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { REVIEW_STATUSES, type ReviewStatus } from '@marketdesk/shared';
import { LoadMoreButton } from '../../components/LoadMoreButton/LoadMoreButton.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { REVIEW_STATUS_COLORS, REVIEW_STATUS_LABELS } from './labels.ts';
import { Stars } from './Stars.tsx';

const PAGE_SIZE = 20;

/**
 * Staff's list of one plugin's buyer reviews (`reviews.forPlugin`, 'reviews.read'), newest first,
 * any status: text, signals, open reports and the creator's reply. For the staff plugin page.
 */
export function PluginReviewsList({ pluginId }: { pluginId: string }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<ReviewStatus | null>(null);
  const query = useInfiniteQuery(trpc.reviews.forPlugin.infiniteQueryOptions({ pluginId, status: status ?? undefined, limit: PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor ?? undefined }));
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="sm" data-testid="plugin-reviews">
      <Group justify="space-between" align="flex-end">
        <Text fw={600}>Reviews</Text>
        <Select label="Status" placeholder="Any status" clearable w={220} data={REVIEW_STATUSES.map((s) => ({ value: s, label: REVIEW_STATUS_LABELS[s] }))} value={status} onChange={(next) => setStatus(next as ReviewStatus | null)} />
      </Group>
      {query.error ? <Alert color="red" title="Could not read the reviews">{query.error.message}</Alert> : null}
      {query.isPending ? <Loader aria-label="Loading the reviews" /> : null}
      {query.data && items.length === 0 ? <Text c="dimmed">No reviews.</Text> : null}
      {items.map((review) => (
        <Card key={review.id} withBorder padding="sm" component="article" aria-label={`${review.rating}-star review`} data-testid={`plugin-review-${review.id}`}>
          <Stack gap={6}>
            <Group justify="space-between" wrap="wrap">
              <Group gap="xs">
                <Stars rating={review.rating} />
                <Badge color={REVIEW_STATUS_COLORS[review.status]} variant="light">{REVIEW_STATUS_LABELS[review.status]}</Badge>
                {review.signals.map((signal) => <Badge key={signal} color="orange" variant="outline">{signal.replaceAll('_', ' ').toLowerCase()}</Badge>)}
                {review.reportCount > 0 && <Badge color="red" variant="outline">{review.reportCount} open report{review.reportCount > 1 ? 's' : ''}</Badge>}
              </Group>
              <Text size="xs" c="dimmed">{formatDateTime(review.createdAt)}{review.editedAt ? ' (edited)' : ''}{review.pluginVersion ? ` · ${review.pluginVersion}` : ''}</Text>
            </Group>
            {review.body ? <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{review.body}</Text> : <Text size="sm" c="dimmed">A rating without a text.</Text>}
            {review.reply && (
              <Paper bg="var(--mantine-color-default-hover)" p="xs" radius="sm">
                <Text size="xs" fw={600}>Creator's reply · {formatDateTime(review.reply.updatedAt)}</Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{review.reply.body}</Text>
              </Paper>
            )}
          </Stack>
        </Card>
      ))}
      <LoadMoreButton more={query} />
    </Stack>
  );
}
