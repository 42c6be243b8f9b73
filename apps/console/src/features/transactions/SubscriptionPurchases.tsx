import { Anchor, Badge, Text } from '@mantine/core';
import { DataTable } from 'mantine-datatable';
import { Link } from 'react-router';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';
import { formatDateTime } from '../../lib/format.ts';
import type { RouterOutputs } from '../../lib/trpc.ts';
import { PurchaseStatusBadge } from '../finance/PurchaseStatusBadge.tsx';

type Purchases = NonNullable<RouterOutputs['finance']['purchase']['subscription']>['purchases'];

/** The subscription's purchases, oldest first: the first payment, then one per renewal; the one on this page is marked. */
export function SubscriptionPurchases({ purchases, currentId }: { purchases: Purchases; currentId: string }) {
  return (
    <>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} mt="md" mb={4}>Payments</Text>
      <DataTable
        withTableBorder={false}
        idAccessor="id"
        records={purchases}
        noRecordsText="No payments"
        data-testid="subscription-purchases"
        columns={[
          { accessor: 'kind', title: '', render: (p) => (p === purchases[0] ? 'First payment' : 'Renewal') },
          { accessor: 'createdAt', title: 'Charged', noWrap: true, render: (p) => formatDateTime(p.createdAt) },
          { accessor: 'amount', title: 'Amount', textAlign: 'right', render: (p) => <MoneyText amount={p.amount} currency={p.currency} /> },
          { accessor: 'status', title: 'Status', render: (p) => <PurchaseStatusBadge status={p.status} /> },
          { accessor: 'paidAt', title: 'Paid', noWrap: true, render: (p) => (p.paidAt ? formatDateTime(p.paidAt) : '—') },
          {
            accessor: 'id', title: 'Purchase',
            render: (p) => (p.id === currentId
              ? <Badge variant="light" size="sm">This purchase</Badge>
              : <Anchor component={Link} to={`/transactions/${p.id}`} size="xs" ff="monospace">{p.id}</Anchor>),
          },
        ]}
      />
    </>
  );
}
