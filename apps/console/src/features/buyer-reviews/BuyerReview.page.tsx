import { useCallback, useState } from 'react';
import { Anchor, Badge, Card, Grid, Group, Loader, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowLeft } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router';
import type { ReviewDetail, ReviewModerationAction } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import type { ClaimState } from '../moderation/ClaimLine.tsx';
import { ConflictModal } from '../moderation/ConflictModal.tsx';
import { ShortcutsHelp } from '../moderation/ShortcutsHelp.tsx';
import { useClaimHeartbeat } from '../moderation/use-claim-heartbeat.ts';
import { useNow } from '../moderation/use-now.ts';
import { useShortcuts, type Shortcut } from '../moderation/use-shortcuts.ts';
import { ACTION_KEYS, ACTION_LABELS, ReviewStatusBadge, SIGNAL_LABELS, Stars } from './labels.tsx';
import { MarkedText } from './MarkedText.tsx';
import { ReviewDecisionPanel } from './ReviewDecisionPanel.tsx';
import { useReviewClaimMutations } from './useReviewClaimMutations.ts';

/**
 * A buyer review under moderation: its text with what the checks found marked, the plugin and
 * creator, its history and reports, and the decision panel. Not refreshed behind the moderator's
 * back: a decision carries the version shown, and a stale page gets the conflict dialog.
 */
export default function BuyerReviewPage() {
  const { reviewId = '' } = useParams();
  const trpc = useTRPC();
  const query = useQuery(trpc.reviewQueue.get.queryOptions({ reviewId }, { refetchOnWindowFocus: false }));
  if (!query.data) return <Loader m="xl" aria-label="Loading review" />;
  return <BuyerReview review={query.data} reload={() => query.refetch()} isReloading={query.isRefetching} />;
}

function BuyerReview({ review, reload, isReloading }: { review: ReviewDetail; reload: () => Promise<unknown>; isReloading: boolean }) {
  const user = useSignedInUser();
  const location = useLocation();
  const [queueSearch] = useState(() => (location.state as { queueSearch?: string } | null)?.queueSearch ?? '');
  const isOwnPlugin = review.creator.id === user.creatorId;
  const now = useNow(1000, review.claim !== null);
  const liveClaim = review.claim && review.claim.expiresAt > now ? review.claim : null;
  const holder = !liveClaim ? 'nobody' : liveClaim.holderId === user.id ? 'me' : 'other';
  const { claim, release, renew } = useReviewClaimMutations();
  const { mutate: renewMutate } = renew;
  useClaimHeartbeat(useCallback(() => renewMutate({ reviewId: review.id }), [renewMutate, review.id]), holder === 'me');
  const [action, setAction] = useState<ReviewModerationAction>(review.status === 'HELD' ? 'HIDE' : 'KEEP');
  const [conflict, setConflict] = useState<string | null>(null);
  const [isHelpOpen, help] = useDisclosure(false);

  const claimState: ClaimState = {
    holder,
    remainingMs: liveClaim ? liveClaim.expiresAt.getTime() - now.getTime() : 0,
    isBusy: claim.isPending || release.isPending,
    claim: () => claim.mutate({ reviewId: review.id }),
    release: () => release.mutate({ reviewId: review.id }),
  };
  const shortcuts: Shortcut[] = [
    ...(isOwnPlugin ? [] : [
      { keys: ['c'], description: 'Claim', run: () => holder === 'nobody' && claimState.claim() },
      ...(['KEEP', 'HIDE', 'DELETE'] as const).map((a) => ({ keys: [ACTION_KEYS[a]], description: `Choose ${ACTION_LABELS[a].toLowerCase()}`, run: () => setAction(a) })),
    ]),
    { keys: ['?'], description: 'Show these shortcuts', run: help.open },
  ];
  useShortcuts(shortcuts, conflict === null && !isHelpOpen);

  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/moderation/buyer-reviews${queueSearch}`} size="sm">
        <Group gap={4}><IconArrowLeft size={14} />Buyer reviews</Group>
      </Anchor>
      <Group gap="sm" align="center">
        <PageTitle>Review of {review.plugin.name}</PageTitle>
        <ReviewStatusBadge status={review.status} />
      </Group>
      <Text size="sm" c="dimmed">
        By {review.buyerEmail} (license {review.licenseId}) · creator {review.creator.name} · written {formatDateTime(review.createdAt)}
        {review.editedAt ? ` · edited ${formatDateTime(review.editedAt)}` : ''}{review.queuedAt ? ` · queued ${formatDateTime(review.queuedAt)}` : ''}
      </Text>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Card withBorder padding="md">
              <Group justify="space-between" mb="xs">
                <Stars rating={review.rating} />
                {review.pluginVersion && <Text size="xs" c="dimmed">version {review.pluginVersion}</Text>}
              </Group>
              <MarkedText text={review.body} signals={review.signals.map((s) => s.code)} />
              {review.reply && (
                <Card withBorder mt="sm" padding="sm" bg="var(--mantine-color-default-hover)">
                  <Text size="xs" c="dimmed">Reply by {review.reply.authorName}, {formatDateTime(review.reply.updatedAt)}</Text>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{review.reply.body}</Text>
                </Card>
              )}
            </Card>
            <Signals review={review} />
            <Reports review={review} />
            <History review={review} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <ReviewDecisionPanel review={review} isOwnPlugin={isOwnPlugin} claim={claimState} action={action} onActionChange={setAction} onConflict={setConflict} />
        </Grid.Col>
      </Grid>
      <ConflictModal subject="review" message={conflict} isReloading={isReloading} onClose={() => setConflict(null)} onReload={() => void reload().then(() => setConflict(null))} />
      <ShortcutsHelp shortcuts={shortcuts} opened={isHelpOpen} onClose={help.close} />
    </Stack>
  );
}

function Signals({ review }: { review: ReviewDetail }) {
  if (review.signals.length === 0) return null;
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h5" mb="xs">What the checks found</Title>
      <Stack gap={4}>
        {review.signals.map((s) => <Text key={s.code} size="sm"><b>{SIGNAL_LABELS[s.code]}</b>: {s.explanation}</Text>)}
      </Stack>
    </Card>
  );
}

function Reports({ review }: { review: ReviewDetail }) {
  if (review.reports.length === 0) return null;
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h5" mb="xs">Reports</Title>
      <Table verticalSpacing={4} data-testid="review-reports">
        <Table.Tbody>
          {review.reports.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td><Badge variant="light" color={r.resolvedAt ? 'gray' : 'red'} size="sm">{r.reason.replaceAll('_', ' ').toLowerCase()}</Badge></Table.Td>
              <Table.Td><Text size="sm">{r.note || '—'}</Text><Text size="xs" c="dimmed">{r.reporter}, {formatDateTime(r.createdAt)}</Text></Table.Td>
              <Table.Td><Text size="xs" c="dimmed">{r.resolvedAt ? `Resolved ${formatDateTime(r.resolvedAt)}` : 'Open'}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

/** Decisions and earlier texts, newest first, in one timeline. */
function History({ review }: { review: ReviewDetail }) {
  const events = [
    ...review.moderations.map((m) => ({ at: m.createdAt, key: m.id, title: `${ACTION_LABELS[m.action]} by ${m.moderatorName}${m.reason ? ` — ${m.reason}` : ''}`, body: m.message })),
    ...review.revisions.map((r) => ({ at: r.createdAt, key: `rev-${r.revision}`, title: `Revision ${r.revision}: ${r.rating} stars${r.signals.length ? ` (${r.signals.map((s) => SIGNAL_LABELS[s]).join(', ')})` : ''}`, body: r.body })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime());
  if (events.length === 0) return null;
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h5" mb="sm">History</Title>
      <Timeline bulletSize={12} lineWidth={2}>
        {events.map((e) => (
          <Timeline.Item key={e.key} title={<Text size="sm" fw={500}>{e.title}</Text>}>
            <Text size="xs" c="dimmed">{formatDateTime(e.at)}</Text>
            {e.body && <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{e.body}</Text>}
          </Timeline.Item>
        ))}
      </Timeline>
    </Card>
  );
}
