import { Anchor, Code, Group, Select, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { DataTableColumn } from 'mantine-datatable';
import { hasPermission, ZStripeEventStatus } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { FilterTextInput } from '../../components/FilterTextInput/FilterTextInput.tsx';
import { KeysetDataTable } from '../../components/KeysetDataTable/KeysetDataTable.tsx';
import { formatPreciseDateTime } from '../../lib/format.ts';
import { readOneOf, useSearchParamsPatch } from '../../lib/search-params.ts';
import { useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { STRIPE_EVENT_STATUS_COLORS, STRIPE_EVENT_STATUS_LABELS } from './labels.ts';
import { ReplayEventButton } from './ReplayEventButton.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';

type StripeEvent = RouterOutputs['stripeEvents']['list']['items'][number];
const PAGE_SIZE = 50;
const STATUS_OPTIONS = ZStripeEventStatus.options.map((status) => ({ value: status, label: status.charAt(0) + status.slice(1).toLowerCase() }));

/** Stripe's webhook events as the inbox stored them: status, attempts, last error; each opens its event page; replay (confirmed) re-queues one. */
export default function StripeEventsPage() {
  const trpc = useTRPC();
  const canReplay = hasPermission(useSignedInUser().roles, 'stripeEvents.replay');
  const [params, update] = useSearchParamsPatch();
  const status = readOneOf(params.get('status'), ZStripeEventStatus.options);
  const type = params.get('type')?.trim() || undefined;
  const query = useInfiniteQuery(trpc.stripeEvents.list.infiniteQueryOptions({ status, type, limit: PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor ?? undefined }));
  const events = query.data?.pages.flatMap((page) => page.items) ?? [];
  const columns: DataTableColumn<StripeEvent>[] = [
    { accessor: 'receivedAt', title: 'Received', noWrap: true, render: (e) => formatPreciseDateTime(e.receivedAt) },
    { accessor: 'type', title: 'Type', render: (e) => <Code>{e.type}</Code> },
    { accessor: 'id', title: 'Event id', render: (e) => <Anchor component={Link} to={`/stripe-events/${e.id}`} size="xs" ff="monospace">{e.id}</Anchor> },
    { accessor: 'account', title: 'Account', render: (e) => <Text size="xs" ff="monospace">{e.account ?? 'platform'}</Text> },
    { accessor: 'status', title: 'Status', render: (e) => <StatusBadge label={STRIPE_EVENT_STATUS_LABELS[e.status]} color={STRIPE_EVENT_STATUS_COLORS[e.status]} /> },
    { accessor: 'attempts', title: 'Attempts', textAlign: 'right' },
    { accessor: 'lastError', title: 'Last error', width: '30%', render: (e) => (e.lastError ? <Text size="sm" c="red" lineClamp={3}>{e.lastError}</Text> : '—') },
    {
      accessor: 'actions',
      title: 'Actions',
      hidden: !canReplay,
      render: (e) => <ReplayEventButton eventId={e.id} eventType={e.type} />,
    },
  ];
  return (
    <Stack gap="md">
      <div>
        <PageTitle>Stripe events</PageTitle>
        <Text size="sm" c="dimmed">Webhook events as received, newest first. Open one for its payload and processing attempts. Replaying one processes it again, re-fetching the object from Stripe.</Text>
      </div>
      <Group align="flex-end">
        <Select label="Status" placeholder="Any status" clearable w={180} data={STATUS_OPTIONS} value={status ?? null} onChange={(next) => update({ status: next })} />
        <FilterTextInput label="Type" placeholder="e.g. charge.refunded" w={240} maxLength={100} value={type ?? ''} onChange={(next) => update({ type: next })} />
      </Group>
      <KeysetDataTable
        query={query}
        columns={columns}
        records={events}
        noRecordsText="No events match these filters"
      />
    </Stack>
  );
}
