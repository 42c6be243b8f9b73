import { useState } from 'react';
import { CardTable } from '../../components/CardTable/CardTable.tsx';
import { LoadMoreButton, type MorePages } from '../../components/LoadMoreButton/LoadMoreButton.tsx';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';
import { formatDateTime } from '../../lib/format.ts';
import type { RouterOutputs } from '../../lib/trpc.ts';
import { PAYOUT_STATUS_COLORS, PAYOUT_STATUS_LABELS, REFUND_REASON_LABELS, REFUND_STATUS_COLORS, REFUND_STATUS_LABELS } from '../finance/labels.ts';
import { StatusBadge } from '../finance/StatusBadge.tsx';

type Sale = RouterOutputs['creator']['salesByPlugin']['items'][number];
type Payout = RouterOutputs['creator']['payouts']['items'][number];
type Refund = RouterOutputs['creator']['refunds']['items'][number];

/** Plugins per page of the sales table; a creator with hundreds of plugins pages through them. */
const SALES_PER_PAGE = 25;

export function SalesByPlugin({ items, currency }: { items: Sale[]; currency: string }) {
  const [page, setPage] = useState(1);
  const lastPage = Math.max(1, Math.ceil(items.length / SALES_PER_PAGE));
  const shownPage = Math.min(page, lastPage); // a shorter period can have fewer pages
  return (
    <CardTable
      title="Sales per plugin"
      testId="sales-by-plugin"
      emptyMinHeight={100}
      idAccessor="pluginId"
      records={items.slice((shownPage - 1) * SALES_PER_PAGE, shownPage * SALES_PER_PAGE)}
      page={shownPage}
      onPageChange={setPage}
      totalRecords={items.length}
      recordsPerPage={SALES_PER_PAGE}
      noRecordsText="No sales in this period"
      columns={[
        { accessor: 'pluginName', title: 'Plugin' },
        { accessor: 'salesCount', title: 'Sales', textAlign: 'right' },
        { accessor: 'grossVolume', title: 'Gross', textAlign: 'right', render: (s) => <MoneyText amount={s.grossVolume} currency={currency} /> },
        { accessor: 'refunds', title: 'Refunds', textAlign: 'right', render: (s) => <MoneyText amount={s.refunds} currency={currency} /> },
        { accessor: 'earnings', title: 'Your earnings', textAlign: 'right', render: (s) => <MoneyText amount={s.earnings} currency={currency} /> },
      ]}
    />
  );
}

export function CreatorPayouts({ items, more }: { items: Payout[]; more: MorePages }) {
  return (
    <CardTable
      title="Payouts"
      testId="creator-payouts"
      emptyMinHeight={100}
      idAccessor="id"
      records={items}
      noRecordsText="No payouts yet"
      columns={[
        { accessor: 'createdAt', title: 'Created', noWrap: true, render: (p) => formatDateTime(p.createdAt) },
        { accessor: 'amount', title: 'Amount', textAlign: 'right', render: (p) => <MoneyText amount={p.amount} currency={p.currency} /> },
        { accessor: 'status', title: 'Status', render: (p) => <StatusBadge label={PAYOUT_STATUS_LABELS[p.status]} color={PAYOUT_STATUS_COLORS[p.status]} detail={p.failureMessage} /> },
        { accessor: 'arrivalDate', title: 'Arrival', noWrap: true, render: (p) => (p.arrivalDate ? formatDateTime(p.arrivalDate) : '—') },
      ]}
      footer={<LoadMoreButton more={more} size="xs" mt="sm" />}
    />
  );
}

export function CreatorRefunds({ items, more }: { items: Refund[]; more: MorePages }) {
  return (
    <CardTable
      title="Refunds of your sales"
      testId="creator-refunds"
      emptyMinHeight={100}
      idAccessor="id"
      records={items}
      noRecordsText="No refunds"
      columns={[
        { accessor: 'createdAt', title: 'Requested', noWrap: true, render: (r) => formatDateTime(r.createdAt) },
        { accessor: 'pluginName', title: 'Plugin' },
        { accessor: 'amount', title: 'Amount', textAlign: 'right', render: (r) => <MoneyText amount={r.amount} currency={r.currency} /> },
        { accessor: 'status', title: 'Status', render: (r) => <StatusBadge label={REFUND_STATUS_LABELS[r.status]} color={REFUND_STATUS_COLORS[r.status]} detail={r.failureReason} /> },
        { accessor: 'reason', title: 'Reason', render: (r) => REFUND_REASON_LABELS[r.reason] },
      ]}
      footer={<LoadMoreButton more={more} size="xs" mt="sm" />}
    />
  );
}
