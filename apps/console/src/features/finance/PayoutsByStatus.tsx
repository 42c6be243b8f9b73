import { Badge, Card, Text } from '@mantine/core';
import { DataTable } from 'mantine-datatable';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';
import type { RouterOutputs } from '../../lib/trpc.ts';
import { PAYOUT_STATUS_COLORS, PAYOUT_STATUS_LABELS } from './labels.ts';

type Item = RouterOutputs['finance']['payoutsByStatus']['items'][number];

/** Creator payouts created in the period, per status: how many and how much. */
export function PayoutsByStatus({ items }: { items: Item[] }) {
  return (
    <Card withBorder padding="md" data-testid="payouts-by-status">
      <Text fw={600} mb="sm">Creator payouts by status</Text>
      <DataTable
        withTableBorder={false}
        minHeight={items.length ? undefined : 120}
        idAccessor={(item) => `${item.status}-${item.currency}`}
        records={items}
        noRecordsText="No payouts in this period"
        columns={[
          { accessor: 'status', title: 'Status', render: (item) => <Badge variant="light" color={PAYOUT_STATUS_COLORS[item.status]}>{PAYOUT_STATUS_LABELS[item.status]}</Badge> },
          { accessor: 'count', title: 'Payouts', textAlign: 'right' },
          { accessor: 'amount', title: 'Amount', textAlign: 'right', render: (item) => <MoneyText amount={item.amount} currency={item.currency} /> },
        ]}
      />
    </Card>
  );
}
