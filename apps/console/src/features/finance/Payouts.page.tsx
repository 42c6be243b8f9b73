import { Group, Select, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { DataTableColumn } from 'mantine-datatable';
import { ZPayoutStatus } from '@marketdesk/shared';
import { ReferencePicker } from '../../components/ReferencePicker/ReferencePicker.tsx';
import { KeysetDataTable } from '../../components/KeysetDataTable/KeysetDataTable.tsx';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { readOneOf, useSearchParamsPatch } from '../../lib/search-params.ts';
import { useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { PAYOUT_STATUS_COLORS, PAYOUT_STATUS_LABELS, toOptions } from './labels.ts';
import { StatusBadge } from './StatusBadge.tsx';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';

type Payout = RouterOutputs['finance']['payouts']['items'][number];
const PAGE_SIZE = 50;

const columns: DataTableColumn<Payout>[] = [
  { accessor: 'createdAt', title: 'Created', noWrap: true, render: (p) => formatDateTime(p.createdAt) },
  { accessor: 'creatorName', title: 'Creator' },
  { accessor: 'amount', title: 'Amount', textAlign: 'right', render: (p) => <MoneyText amount={p.amount} currency={p.currency} /> },
  { accessor: 'status', title: 'Status', render: (p) => <StatusBadge label={PAYOUT_STATUS_LABELS[p.status]} color={PAYOUT_STATUS_COLORS[p.status]} detail={p.failureMessage} /> },
  { accessor: 'arrivalDate', title: 'Arrival', noWrap: true, render: (p) => (p.arrivalDate ? formatDateTime(p.arrivalDate) : '—') },
  { accessor: 'failureMessage', title: 'Failure', render: (p) => (p.failureMessage ? <Text size="sm" c="red">{p.failureMessage}</Text> : '—') },
  { accessor: 'stripePayoutId', title: 'Stripe id', render: (p) => <Text size="xs" ff="monospace">{p.stripePayoutId}</Text> },
];

/** Creator payouts (connected accounts to their banks), newest first, filtered by status and creator. */
export default function PayoutsPage() {
  const trpc = useTRPC();
  const [params, update] = useSearchParamsPatch();
  const status = readOneOf(params.get('status'), ZPayoutStatus.options);
  const creatorId = params.get('creatorId')?.trim() || undefined;
  const query = useInfiniteQuery(trpc.finance.payouts.infiniteQueryOptions({ status, creatorId, limit: PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor ?? undefined }));
  const payouts = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="md">
      <PageTitle>Payouts</PageTitle>
      <Group align="flex-end">
        <Select label="Status" placeholder="Any status" clearable w={200} data={toOptions(PAYOUT_STATUS_LABELS)} value={status ?? null} onChange={(next) => update({ status: next })} />
        <ReferencePicker kind="creators" label="Creator" placeholder="Any creator" w={240} maw="100%" value={creatorId ?? null} onChange={(next) => update({ creatorId: next })} />
      </Group>
      <KeysetDataTable
        query={query}
        columns={columns}
        records={payouts}
        noRecordsText="No payouts match these filters"
      />
    </Stack>
  );
}
