import { Badge } from '@mantine/core';
import { CardTable } from '../../components/CardTable/CardTable.tsx';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';
import type { RouterOutputs } from '../../lib/trpc.ts';
import { PAYOUT_STATUS_COLORS, PAYOUT_STATUS_LABELS } from './labels.ts';

type Item = RouterOutputs['finance']['payoutsByStatus']['items'][number];

/** Creator payouts created in the period, per status: how many and how much. */
export function PayoutsByStatus({ items }: { items: Item[] }) {
  return (
    <CardTable
      title="Creator payouts by status"
      testId="payouts-by-status"
      emptyMinHeight={120}
      idAccessor={(item) => `${item.status}-${item.currency}`}
      records={items}
      noRecordsText="No payouts in this period"
      columns={[
        { accessor: 'status', title: 'Status', render: (item) => <Badge variant="light" color={PAYOUT_STATUS_COLORS[item.status]}>{PAYOUT_STATUS_LABELS[item.status]}</Badge> },
        { accessor: 'count', title: 'Payouts', textAlign: 'right' },
        { accessor: 'amount', title: 'Amount', textAlign: 'right', render: (item) => <MoneyText amount={item.amount} currency={item.currency} /> },
      ]}
    />
  );
}
