import { Badge, Button, Card, Group, Paper, Stack, Text } from '@mantine/core';
import { formatDateTime } from '../../lib/format.ts';
import type { RouterOutputs } from '../../lib/trpc.ts';
import { REVIEW_OUTCOME_LABELS, REVIEW_STATUS_COLORS, REVIEW_STATUS_LABELS } from './labels.ts';
import { Stars } from './Stars.tsx';

type Review = RouterOutputs['reviews']['own']['items'][number];

/**
 * One review of the creator's plugin: stars, author ("Verified buyer"), text when published, the
 * moderator's outcome when there is one, the creator's reply, and the Reply / Report actions.
 */
export function ReviewCard({ review, onReply, onReport }: { review: Review; onReply: () => void; onReport?: () => void }) {
  return (
    <Card withBorder padding="md" data-testid={`review-${review.id}`} component="article" aria-label={`${review.rating}-star review of ${review.plugin.name}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            <Stars rating={review.rating} />
            <Text size="sm" fw={500}>{review.authorLabel}</Text>
            <Text size="sm" c="dimmed">{review.plugin.name}{review.pluginVersion ? ` ${review.pluginVersion}` : ''}</Text>
          </Group>
          <Group gap="xs">
            {review.status !== 'PUBLISHED' && <Badge color={REVIEW_STATUS_COLORS[review.status]} variant="light">{REVIEW_STATUS_LABELS[review.status]}</Badge>}
            <Text size="xs" c="dimmed">{formatDateTime(review.createdAt)}{review.editedAt ? ' (edited)' : ''}</Text>
          </Group>
        </Group>
        {review.body !== null
          ? review.body ? <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{review.body}</Text> : <Text size="sm" c="dimmed">A rating without a text.</Text>
          : review.status === 'HELD'
            ? <Text size="sm" c="dimmed">Held for moderation: the automatic checks found something that may be private (a key, an email address or a phone number). A moderator decides whether it is published; its text is not shown until then.</Text>
            : <Text size="sm" c="dimmed">Its text is no longer public.</Text>}
        {review.outcome && (
          <Paper withBorder p="xs" radius="sm" data-testid="review-outcome">
            <Text size="sm"><Text span fw={600}>Moderator: {REVIEW_OUTCOME_LABELS[review.outcome.action]}</Text>{review.outcome.reasonLabel ? ` — ${review.outcome.reasonLabel}` : ''} · {formatDateTime(review.outcome.decidedAt)}</Text>
            {review.outcome.message && <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>{review.outcome.message}</Text>}
          </Paper>
        )}
        {review.reply && (
          <Paper bg="var(--mantine-color-default-hover)" p="sm" radius="sm" data-testid="review-reply">
            <Text size="xs" fw={600}>Your reply · {formatDateTime(review.reply.updatedAt)}</Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{review.reply.body}</Text>
          </Paper>
        )}
        {review.canReply && (
          <Group gap="xs">
            <Button size="xs" variant="light" onClick={onReply}>{review.reply ? 'Edit reply' : 'Reply'}</Button>
            {onReport && <Button size="xs" variant="subtle" color="orange" onClick={onReport}>Report</Button>}
          </Group>
        )}
      </Stack>
    </Card>
  );
}
