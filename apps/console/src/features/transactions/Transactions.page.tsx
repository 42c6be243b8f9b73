import { Anchor, Button, Card, Group, Select, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import type { DataTableColumn } from 'mantine-datatable';
import { Link, useNavigate } from 'react-router';
import { FilterTextInput } from '../../components/FilterTextInput/FilterTextInput.tsx';
import { KeysetDataTable } from '../../components/KeysetDataTable/KeysetDataTable.tsx';
import { ReferencePicker } from '../../components/ReferencePicker/ReferencePicker.tsx';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';
import { formatDateTime } from '../../lib/format.ts';
import type { RouterOutputs } from '../../lib/trpc.ts';
import { PurchaseStatusBadge } from '../finance/PurchaseStatusBadge.tsx';
import { PeriodPicker } from '../finance/PeriodPicker.tsx';
import { buildTransactionsCsvUrl, useFinancePeriod } from '../finance/useFinancePeriod.ts';
import { useTransactionsSearch } from './useTransactionsSearch.ts';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';

type Purchase = RouterOutputs['finance']['searchPurchases']['items'][number];

const columns: DataTableColumn<Purchase>[] = [
  { accessor: 'createdAt', title: 'Created', noWrap: true, render: (p) => formatDateTime(p.createdAt) },
  {
    accessor: 'buyerEmail',
    title: 'Buyer',
    render: (p) => <Anchor component={Link} to={`/transactions/${p.id}`} size="sm" onClick={(event) => event.stopPropagation()}>{p.buyerEmail}</Anchor>,
  },
  { accessor: 'pluginName', title: 'Plugin' },
  { accessor: 'creatorName', title: 'Creator' },
  { accessor: 'amount', title: 'Amount', textAlign: 'right', render: (p) => <MoneyText amount={p.amount} currency={p.currency} /> },
  { accessor: 'status', title: 'Status', render: (p) => <PurchaseStatusBadge status={p.status} /> },
  { accessor: 'paymentIntentId', title: 'PaymentIntent', render: (p) => <Text size="xs" ff="monospace">{p.paymentIntentId}</Text> },
];

const REFUND_OPTIONS = [{ value: 'failed', label: 'Has a failed or canceled refund' }];

/** Finds any purchase by buyer email, PaymentIntent, charge or refund id; exports a period as CSV. */
export default function TransactionsPage() {
  const navigate = useNavigate();
  const { search, refunds, pluginId, creatorId, query, purchases, setSearch, setRefunds, setPluginId, setCreatorId } = useTransactionsSearch();
  const { period, input, setPeriod } = useFinancePeriod();
  return (
    <Stack gap="md">
      <div>
        <PageTitle>Transactions</PageTitle>
        <Text size="sm" c="dimmed">Search by buyer email (or part of one), PaymentIntent (pi_…), charge (ch_…) or refund (re_…) id.</Text>
      </div>
      <Group align="flex-end" gap="md">
        <FilterTextInput label="Search purchases" placeholder="buyer@example.com, pi_…, ch_…, re_…" w={360} maw="100%" maxLength={200} value={search} onChange={setSearch} />
        <ReferencePicker kind="plugins" label="Plugin" placeholder="Any plugin" w={260} maw="100%" value={pluginId} onChange={setPluginId} />
        <ReferencePicker kind="creators" label="Creator" placeholder="Any creator" w={220} maw="100%" value={creatorId} onChange={setCreatorId} />
        <Select label="Refunds" placeholder="Any" clearable w={240} data={REFUND_OPTIONS} value={refunds ?? null} onChange={(next) => setRefunds(next === 'failed' ? next : undefined)} />
      </Group>
      <KeysetDataTable
        query={query}
        highlightOnHover
        columns={columns}
        records={purchases}
        noRecordsText={search || refunds || pluginId || creatorId ? 'No purchase matches these filters' : 'No purchases yet'}
        onRowClick={({ record }) => void navigate(`/transactions/${record.id}`)}
      />
      <Card withBorder padding="md">
        <Text fw={600} mb="xs">Export the ledger's transactions</Text>
        <Group align="flex-end">
          <PeriodPicker period={period} onChange={setPeriod} hasInterval={false} />
          <Button component="a" href={buildTransactionsCsvUrl(input)} download variant="default" leftSection={<IconDownload size={16} />}>Download CSV</Button>
        </Group>
      </Card>
    </Stack>
  );
}
