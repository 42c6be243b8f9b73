import { useState } from 'react';
import { Alert, Group, Loader, Select, Stack, Text } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { REVIEW_STATUSES } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { LoadMoreButton } from '../../components/LoadMoreButton/LoadMoreButton.tsx';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';
import { readOneOf, useSearchParamsPatch } from '../../lib/search-params.ts';
import { useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { REVIEW_STATUS_LABELS } from './labels.ts';
import { RatingsOverTimeChart } from '../plugins/RatingsOverTimeChart.tsx';
import { RatingSummary } from './RatingSummary.tsx';
import { ReplyDialog } from './ReplyDialog.tsx';
import { ReportDialog } from './ReportDialog.tsx';
import { ReviewCard } from './ReviewCard.tsx';

type Review = RouterOutputs['reviews']['own']['items'][number];

const PAGE_SIZE = 20;
const STARS = ['5', '4', '3', '2', '1'] as const;
const REPLY_FILTERS = { answered: 'Answered', unanswered: 'Not answered' } as const;
const REPLY_KEYS = ['answered', 'unanswered'] as const;

/**
 * "Reviews": what buyers say about the creator's own plugins. A plugin picker (`?plugin=`, all by
 * default), the rating summary and ratings over time, and the reviews newest first, filtered by
 * stars, status and reply (`?stars=&status=&reply=`), each with Reply / Edit reply and Report.
 * Held reviews show that they are held, not their text; hidden and deleted ones the moderator's outcome.
 */
export default function MyReviewsPage() {
  const user = useSignedInUser();
  if (!user.creatorId) {
    return <Alert color="orange" title="No creator account" maw={560}>Your sign-in is not linked to a creator account, so there are no plugins with reviews.</Alert>;
  }
  return <MyReviews />;
}

function MyReviews() {
  const trpc = useTRPC();
  const [params, update] = useSearchParamsPatch();
  const plugins = useQuery(trpc.submissions.plugins.queryOptions());
  const pluginId = params.get('plugin') || undefined;
  const stars = readOneOf(params.get('stars'), STARS);
  const status = readOneOf(params.get('status'), REVIEW_STATUSES);
  const reply = readOneOf(params.get('reply'), REPLY_KEYS);
  const summary = useQuery(trpc.reviews.ownSummary.queryOptions({ pluginId }));
  const reviews = useInfiniteQuery(trpc.reviews.own.infiniteQueryOptions(
    { pluginId, stars: stars ? Number(stars) : undefined, status, hasReply: reply ? reply === 'answered' : undefined, limit: PAGE_SIZE },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  ));
  const items = reviews.data?.pages.flatMap((page) => page.items) ?? [];
  const [replying, setReplying] = useState<Review | null>(null);
  const [reporting, setReporting] = useState<Review | null>(null);

  return (
    <Stack gap="md" maw={1100}>
      <PageTitle>Reviews</PageTitle>
      <Text c="dimmed">What buyers say about your plugins. Reply once to each review (you can edit your reply); report one that breaks the rules.</Text>
      <Select
        label="Plugin" maw={480} searchable clearable data={(plugins.data ?? []).map((plugin) => ({ value: plugin.id, label: plugin.name }))}
        placeholder={plugins.isPending ? 'Loading your plugins…' : 'All your plugins'} nothingFoundMessage="None of your plugins matches"
        value={pluginId ?? null} onChange={(id) => update({ plugin: id })}
      />
      {summary.error ? <Alert color="red" title="Could not read the ratings">{summary.error.message}</Alert> : null}
      {summary.data ? (
        <>
          <RatingSummary plugins={summary.data.plugins} />
          <RatingsOverTimeChart months={summary.data.overTime} testId="ratings-chart" />
        </>
      ) : summary.isPending ? <Loader aria-label="Loading the ratings" /> : null}
      <Group align="flex-end">
        <Select label="Stars" placeholder="Any rating" clearable w={160} data={STARS.map((s) => ({ value: s, label: `${s} star${s === '1' ? '' : 's'}` }))} value={stars ?? null} onChange={(next) => update({ stars: next })} />
        <Select label="Status" placeholder="Any status" clearable w={220} data={REVIEW_STATUSES.map((s) => ({ value: s, label: REVIEW_STATUS_LABELS[s] }))} value={status ?? null} onChange={(next) => update({ status: next })} />
        <Select label="Reply" placeholder="Answered or not" clearable w={200} data={REPLY_KEYS.map((k) => ({ value: k, label: REPLY_FILTERS[k] }))} value={reply ?? null} onChange={(next) => update({ reply: next })} />
      </Group>
      {reviews.error ? <Alert color="red" title="Could not read the reviews">{reviews.error.message}</Alert> : null}
      {reviews.isPending ? <Loader aria-label="Loading the reviews" /> : null}
      {reviews.data && items.length === 0 ? <Text c="dimmed" data-testid="no-reviews">No reviews match.</Text> : null}
      <Stack gap="sm" data-testid="review-list">
        {items.map((review) => <ReviewCard key={review.id} review={review} onReply={() => setReplying(review)} onReport={() => setReporting(review)} />)}
      </Stack>
      <LoadMoreButton more={reviews} />
      <ReplyDialog review={replying} onClose={() => setReplying(null)} />
      <ReportDialog review={reporting} onClose={() => setReporting(null)} />
    </Stack>
  );
}
