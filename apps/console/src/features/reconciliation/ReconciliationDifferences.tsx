import { Anchor, Button, Code, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { DataTableColumn } from 'mantine-datatable';
import type { ReconciliationDifferenceKind } from '@marketdesk/shared';
import { CardTable } from '../../components/CardTable/CardTable.tsx';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';
import { formatPreciseDateTime } from '../../lib/format.ts';
import type { RouterOutputs } from '../../lib/trpc.ts';
import { StatusBadge } from '../finance/StatusBadge.tsx';

type Difference = RouterOutputs['finance']['reconciliation']['differences'][number];

export const DIFFERENCE_LABELS: Record<ReconciliationDifferenceKind, string> = {
  MISSING_IN_LEDGER: 'Not in the ledger',
  AMOUNT_DIFFERS: 'Amounts differ',
  OTHER_PERIOD_IN_LEDGER: 'Ledger dates it in another period',
  MISSING_AT_STRIPE: 'Not at Stripe',
};
const DIFFERENCE_COLORS: Record<ReconciliationDifferenceKind, string> = { MISSING_IN_LEDGER: 'red', AMOUNT_DIFFERS: 'orange', OTHER_PERIOD_IN_LEDGER: 'yellow', MISSING_AT_STRIPE: 'grape' };

/** The Stripe balance-transaction type a ledger kind posts (finance/rules.ts). */
const STRIPE_TYPE_OF_KIND: Record<string, string> = { payment: 'charge', transfer_reversal: 'transfer_refund', fee_refund: 'application_fee_refund', dispute: 'adjustment' };

/** Every difference of the period: the Stripe object, the ledger transaction (opens `onOpenLedger`), both amounts, and the purchase. */
export function ReconciliationDifferences({ differences, currency, onOpenLedger }: { differences: Difference[]; currency: string; onOpenLedger: (id: string) => void }) {
  const columns: DataTableColumn<Difference>[] = [
    {
      accessor: 'kind', title: 'Difference', render: (d) => (
        <Stack gap={4} align="flex-start">
          <StatusBadge label={DIFFERENCE_LABELS[d.kind]} color={DIFFERENCE_COLORS[d.kind]} />
          <Text size="xs">{formatPreciseDateTime(d.stripe?.created ?? d.ledger!.occurredAt)}</Text>
        </Stack>
      ),
    },
    {
      accessor: 'stripe', title: 'Stripe object', render: (d) => d.stripe ? (
        <Stack gap={2}>
          <Text size="sm">{d.stripe.type} <Code>{d.stripe.sourceId ?? '—'}</Code></Text>
          <Text size="xs" ff="monospace">{d.stripe.balanceTransactionId}</Text>
        </Stack>
      ) : <Text size="sm">None ({STRIPE_TYPE_OF_KIND[d.ledger!.kind] ?? d.ledger!.kind} expected)</Text>,
    },
    {
      accessor: 'ledger', title: 'Ledger transaction', render: (d) => d.ledger ? (
        <Button variant="subtle" size="compact-sm" onClick={() => onOpenLedger(d.ledger!.id)} aria-label={`Open ledger transaction ${d.ledger.externalKey}`}>
          <Code>{d.ledger.externalKey}</Code>
        </Button>
      ) : (
        <Stack gap={2}>
          <Text size="sm">None</Text>
          <Text size="xs">{d.expectedKey ? <>expected <Code>{d.expectedKey}</Code></> : 'no posting rule for this type'}</Text>
        </Stack>
      ),
    },
    {
      accessor: 'nets', title: 'Net: Stripe / ledger', textAlign: 'right', render: (d) => (
        <Stack gap={2}>
          <Text size="sm">Stripe {d.stripe ? <MoneyText amount={d.stripe.net} currency={currency} /> : '—'}</Text>
          <Text size="sm">Ledger {d.ledger ? <MoneyText amount={d.ledger.platformNet} currency={currency} /> : '—'}</Text>
        </Stack>
      ),
    },
    { accessor: 'difference', title: 'Ledger − Stripe', textAlign: 'right', render: (d) => <MoneyText amount={d.difference} currency={currency} /> },
    {
      accessor: 'link', title: 'Purchase', render: (d) => (d.link.purchaseId
        ? <Anchor component={Link} to={`/transactions/${d.link.purchaseId}`} size="sm">Open purchase</Anchor>
        : <Text size="sm">Not ours</Text>),
    },
  ];
  return (
    <CardTable
      title={`Differences (${differences.length})`}
      testId="reconciliation-differences"
      emptyMinHeight={80}
      idAccessor={(d) => d.stripe?.balanceTransactionId ?? d.ledger!.id}
      columns={columns}
      records={differences}
      noRecordsText="No differences"
    />
  );
}
