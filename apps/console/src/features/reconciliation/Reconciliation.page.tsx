import { useState } from 'react';
import { Alert, Group, Loader, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { MonthPickerInput } from '@mantine/dates';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { IconCircleCheck, IconAlertTriangle } from '@tabler/icons-react';
import type { DataTableColumn } from 'mantine-datatable';
import { formatMoney } from '@marketdesk/shared';
import { CardTable } from '../../components/CardTable/CardTable.tsx';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';
import { StripeModeBadge } from '../../components/StripeModeBadge/StripeModeBadge.tsx';
import { listTimeZones } from '../../lib/period.ts';
import { useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { LedgerTransactionDrawer } from './LedgerTransactionDrawer.tsx';
import { ReconciliationDifferences } from './ReconciliationDifferences.tsx';
import { useReconciliationMonth } from './useReconciliationMonth.ts';

type TypeRow = RouterOutputs['finance']['reconciliation']['byType'][number];

function listCurrencyOptions() {
  return Intl.supportedValuesOf('currency').map((code) => ({ value: code.toLowerCase(), label: code }));
}

function Figure({ label, amount, currency, testId }: { label: string; amount: number; currency: string; testId: string }) {
  return (
    <div>
      <Text size="sm">{label}</Text>
      <MoneyText amount={amount} currency={currency} size="xl" fw={700} data-testid={testId} />
    </div>
  );
}

/**
 * The ledger against Stripe for one month and currency: the platform's net on both sides, per
 * balance-transaction type, and every difference, each drillable to its ledger transaction
 * (drawer) and its Stripe object and purchase.
 */
export default function ReconciliationPage() {
  const trpc = useTRPC();
  const { value, input, setMonth } = useReconciliationMonth();
  const [openLedgerId, setOpenLedgerId] = useState<string | null>(null);
  const query = useQuery(trpc.finance.reconciliation.queryOptions(input, { placeholderData: keepPreviousData }));
  const result = query.data;
  const { currency } = value;
  const typeColumns: DataTableColumn<TypeRow>[] = [
    { accessor: 'type', title: 'Balance transaction type' },
    { accessor: 'stripeCount', title: 'At Stripe', textAlign: 'right' },
    { accessor: 'stripeNet', title: 'Stripe net', textAlign: 'right', render: (r) => <MoneyText amount={r.stripeNet} currency={currency} /> },
    { accessor: 'ledgerCount', title: 'In the ledger', textAlign: 'right' },
    { accessor: 'ledgerNet', title: 'Ledger net', textAlign: 'right', render: (r) => <MoneyText amount={r.ledgerNet} currency={currency} /> },
    { accessor: 'difference', title: 'Ledger − Stripe', textAlign: 'right', render: (r) => <MoneyText amount={r.ledgerNet - r.stripeNet} currency={currency} /> },
  ];
  return (
    <Stack gap="md">
      <div>
        <Group gap="sm">
          <PageTitle>Reconciliation</PageTitle>
          <StripeModeBadge />
        </Group>
        <Text size="sm">The platform&apos;s net in the ledger (platform fees + Stripe balance) against Stripe&apos;s balance transactions of the platform account, object by object. The platform&apos;s own payouts to its bank are left out.</Text>
      </div>
      <Group align="flex-end" gap="md">
        <MonthPickerInput label="Month" w={180} value={`${value.month}-01`} onChange={(next) => next && setMonth({ month: next.slice(0, 7) })} />
        <Select label="Currency" searchable w={110} allowDeselect={false} data={listCurrencyOptions()} value={currency} onChange={(next) => next && setMonth({ currency: next })} />
        <Select label="Time zone" searchable w={220} allowDeselect={false} data={listTimeZones()} value={value.timeZone} onChange={(next) => next && setMonth({ timeZone: next })} />
      </Group>
      {query.isError && <Alert color="red" title="Reconciliation failed">{query.error.message}</Alert>}
      {!result && !query.isError && <Loader aria-label="Loading the reconciliation" />}
      {result && (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Figure label="Ledger" amount={result.ledgerPlatformNet} currency={currency} testId="reconciliation-ledger" />
            <Figure label="Stripe" amount={result.stripePlatformNet} currency={currency} testId="reconciliation-stripe" />
            <Figure label="Ledger − Stripe" amount={result.difference} currency={currency} testId="reconciliation-difference" />
          </SimpleGrid>
          {result.isReconciled ? (
            <Alert color="teal" icon={<IconCircleCheck />} title="Everything matches" data-testid="reconciliation-status">
              Every one of Stripe&apos;s {result.byType.reduce((sum, row) => sum + row.stripeCount, 0)} balance transactions of the month has its ledger posting with the same amount, and every posting its balance transaction: {formatMoney(result.ledgerPlatformNet, currency)} on both sides.
            </Alert>
          ) : (
            <Alert color="red" icon={<IconAlertTriangle />} title={`${result.differences.length} ${result.differences.length === 1 ? 'difference' : 'differences'}`} data-testid="reconciliation-status">
              The ledger and Stripe disagree by {formatMoney(result.difference, currency)}. Each difference is listed below: open its ledger transaction or its purchase.
            </Alert>
          )}
          <ReconciliationDifferences differences={result.differences} currency={currency} onOpenLedger={setOpenLedgerId} />
          <CardTable title="Per balance transaction type" testId="reconciliation-by-type" emptyMinHeight={80} idAccessor="type" columns={typeColumns} records={result.byType} noRecordsText="No balance transactions this month" />
        </>
      )}
      <LedgerTransactionDrawer transactionId={openLedgerId} onClose={() => setOpenLedgerId(null)} />
    </Stack>
  );
}
