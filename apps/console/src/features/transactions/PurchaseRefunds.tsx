import { Card, Text } from '@mantine/core';
import { DataTable } from 'mantine-datatable';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';
import { formatDateTime } from '../../lib/format.ts';
import type { RouterOutputs } from '../../lib/trpc.ts';
import { DISPUTE_STATUS_COLORS, DISPUTE_STATUS_LABELS, REFUND_REASON_LABELS, REFUND_STATUS_COLORS, REFUND_STATUS_LABELS } from '../finance/labels.ts';
import { StatusBadge } from '../finance/StatusBadge.tsx';

type Timeline = RouterOutputs['finance']['purchase'];

/** Every refund of the purchase, failed ones with Stripe's reason. */
export function PurchaseRefunds({ refunds }: { refunds: Timeline['refunds'] }) {
  return (
    <Card withBorder padding="md" data-testid="purchase-refunds">
      <Text fw={600} mb="sm">Refunds</Text>
      <DataTable
        withTableBorder={false}
        minHeight={refunds.length ? undefined : 100}
        idAccessor="id"
        records={refunds}
        noRecordsText="No refunds"
        columns={[
          { accessor: 'createdAt', title: 'Requested', noWrap: true, render: (r) => formatDateTime(r.createdAt) },
          { accessor: 'amount', title: 'Amount', textAlign: 'right', render: (r) => <MoneyText amount={r.amount} currency={r.currency} /> },
          { accessor: 'status', title: 'Status', render: (r) => <StatusBadge label={REFUND_STATUS_LABELS[r.status]} color={REFUND_STATUS_COLORS[r.status]} detail={r.failureReason} /> },
          { accessor: 'reason', title: 'Reason', render: (r) => REFUND_REASON_LABELS[r.reason] },
          { accessor: 'note', title: 'Note', render: (r) => r.failureReason ? <Text size="sm" c="red">{r.failureReason}</Text> : r.note || '—' },
          { accessor: 'revokeLicense', title: 'License', render: (r) => (r.revokeLicense ? 'Revoked' : 'Kept') },
          { accessor: 'stripeRefundId', title: 'Stripe id', render: (r) => <Text size="xs" ff="monospace">{r.stripeRefundId ?? '—'}</Text> },
        ]}
      />
    </Card>
  );
}

/** Every dispute (chargeback or inquiry) of the purchase. */
export function PurchaseDisputes({ disputes }: { disputes: Timeline['disputes'] }) {
  if (disputes.length === 0) return null;
  return (
    <Card withBorder padding="md" data-testid="purchase-disputes">
      <Text fw={600} mb="sm">Disputes</Text>
      <DataTable
        withTableBorder={false}
        idAccessor="id"
        records={disputes}
        columns={[
          { accessor: 'createdAt', title: 'Opened', noWrap: true, render: (d) => formatDateTime(d.createdAt) },
          { accessor: 'amount', title: 'Amount', textAlign: 'right', render: (d) => <MoneyText amount={d.amount} currency={d.currency} /> },
          { accessor: 'status', title: 'Status', render: (d) => <StatusBadge label={DISPUTE_STATUS_LABELS[d.status]} color={DISPUTE_STATUS_COLORS[d.status]} /> },
          { accessor: 'reason', title: 'Reason' },
          { accessor: 'evidenceDueBy', title: 'Evidence due', render: (d) => (d.evidenceDueBy ? formatDateTime(d.evidenceDueBy) : '—') },
          { accessor: 'stripeDisputeId', title: 'Stripe id', render: (d) => <Text size="xs" ff="monospace">{d.stripeDisputeId}</Text> },
        ]}
      />
    </Card>
  );
}
