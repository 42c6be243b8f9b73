import { Anchor, Group, Select, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { DataTableColumn } from 'mantine-datatable';
import { Link, useNavigate } from 'react-router';
import { isDisputeOpen, ZDisputeStatus } from '@marketdesk/shared';
import { EvidenceDueBadge } from '../disputes/EvidenceDueBadge.tsx';
import { KeysetDataTable } from '../../components/KeysetDataTable/KeysetDataTable.tsx';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { readOneOf, useSearchParamsPatch } from '../../lib/search-params.ts';
import { useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { DISPUTE_STATUS_COLORS, DISPUTE_STATUS_LABELS, toOptions } from './labels.ts';
import { StatusBadge } from './StatusBadge.tsx';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';

type Dispute = RouterOutputs['finance']['disputes']['items'][number];
const PAGE_SIZE = 50;

const columns: DataTableColumn<Dispute>[] = [
  { accessor: 'createdAt', title: 'Opened', noWrap: true, render: (d) => <Anchor component={Link} to={`/disputes/${d.id}`} size="sm" onClick={(e) => e.stopPropagation()}>{formatDateTime(d.createdAt)}</Anchor> },
  { accessor: 'buyerEmail', title: 'Buyer', render: (d) => <Anchor component={Link} to={`/transactions/${d.purchaseId}`} size="sm" onClick={(e) => e.stopPropagation()}>{d.buyerEmail}</Anchor> },
  { accessor: 'pluginName', title: 'Plugin' },
  { accessor: 'amount', title: 'Amount', textAlign: 'right', render: (d) => <MoneyText amount={d.amount} currency={d.currency} /> },
  { accessor: 'status', title: 'Status', render: (d) => <StatusBadge label={DISPUTE_STATUS_LABELS[d.status]} color={DISPUTE_STATUS_COLORS[d.status]} /> },
  { accessor: 'reason', title: 'Reason' },
  {
    accessor: 'evidenceDueBy', title: 'Evidence due', noWrap: true,
    render: (d) => (d.evidenceDueBy ? (
      <Group gap={6} wrap="nowrap">
        <Text size="sm">{formatDateTime(d.evidenceDueBy)}</Text>
        {isDisputeOpen(d.status) && <EvidenceDueBadge dueBy={d.evidenceDueBy} isSubmitted={d.status === 'UNDER_REVIEW' || d.status === 'WARNING_UNDER_REVIEW'} />}
      </Group>
    ) : '—'),
  },
  { accessor: 'stripeDisputeId', title: 'Stripe id', render: (d) => <Text size="xs" ff="monospace">{d.stripeDisputeId}</Text> },
];

/**
 * Chargebacks and inquiries filtered by status (kept in the URL: `/disputes?status=NEEDS_RESPONSE`):
 * open ones by evidence due date, soonest first, with their urgency; the others newest first.
 * A row opens its dispute.
 */
export default function DisputesPage() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const [params, update] = useSearchParamsPatch();
  const status = readOneOf(params.get('status'), ZDisputeStatus.options);
  const query = useInfiniteQuery(trpc.finance.disputes.infiniteQueryOptions({ status, limit: PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor ?? undefined }));
  const disputes = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="md">
      <PageTitle>Disputes</PageTitle>
      <Select label="Status" placeholder="Any status" clearable w={240} data={toOptions(DISPUTE_STATUS_LABELS)} value={status ?? null} onChange={(next) => update({ status: next })} />
      <KeysetDataTable
        query={query}
        highlightOnHover
        columns={columns}
        records={disputes}
        noRecordsText={status ? 'No disputes with this status' : 'No disputes'}
        onRowClick={({ record }) => void navigate(`/disputes/${record.id}`)}
      />
    </Stack>
  );
}
