import { useState } from 'react';
import { Anchor, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { IconCoins } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { CreditMovementKind } from '@marketdesk/shared';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { GrantCreditsDialog } from './GrantCreditsDialog.tsx';

const MOVEMENT_LABELS: Record<CreditMovementKind, string> = { pack: 'Pack bought', use: 'Used', grant: 'Granted', refund: 'Refunded', refund_failure: 'Refund failed' };
const MOVEMENT_COLORS: Record<CreditMovementKind, string> = { pack: 'teal', use: 'gray', grant: 'grape', refund: 'orange', refund_failure: 'red' };

/** The license's prepaid credits from the ledger: balance, the latest movements (packs, uses, grants, refunds), and "Grant credits" for support. */
export function CreditsCard({ licenseId, canManage, canReadFinance }: { licenseId: string; canManage: boolean; canReadFinance: boolean }) {
  const trpc = useTRPC();
  const [isGranting, setGranting] = useState(false);
  const { data: credits } = useQuery(trpc.licenses.credits.queryOptions({ id: licenseId }));
  return (
    <Card withBorder padding="md" data-testid="license-credits" component="section" aria-labelledby="license-credits-title">
      <Group justify="space-between" mb="sm">
        <Stack gap={2}>
          <Text fw={600} id="license-credits-title">Credits</Text>
          {credits && (
            <Text size="sm">
              Balance <MoneyText amount={credits.balance} currency={credits.currency} fw={600} data-testid="credit-balance" />
              {credits.available !== credits.balance && <Text span size="sm" c="dimmed"> · <MoneyText amount={credits.available} currency={credits.currency} /> available (refunds pending)</Text>}
            </Text>
          )}
        </Stack>
        {canManage && credits && <Button variant="light" color="grape" leftSection={<IconCoins size={16} />} onClick={() => setGranting(true)}>Grant credits</Button>}
      </Group>
      <DataTable
        withTableBorder
        borderRadius="sm"
        minHeight={credits?.movements.length ? undefined : 100}
        fetching={!credits}
        idAccessor="id"
        records={credits?.movements ?? []}
        noRecordsText="No credits bought, used or granted"
        columns={[
          { accessor: 'occurredAt', title: 'When', noWrap: true, render: (m) => formatDateTime(m.occurredAt) },
          { accessor: 'kind', title: 'Movement', render: (m) => <Badge variant="light" color={MOVEMENT_COLORS[m.kind]}>{MOVEMENT_LABELS[m.kind]}</Badge> },
          { accessor: 'amount', title: 'Amount', textAlign: 'right', render: (m) => <MoneyText amount={m.amount} currency={m.currency} c={m.amount < 0 ? 'red' : undefined} /> },
          {
            accessor: 'description',
            title: 'Detail',
            render: (m) => (m.purchaseId && canReadFinance ? <Anchor component={Link} to={`/transactions/${m.purchaseId}`} size="sm">{m.description}</Anchor> : <Text size="sm">{m.description}</Text>),
          },
        ]}
      />
      {credits && <GrantCreditsDialog credits={credits} opened={isGranting} onClose={() => setGranting(false)} />}
    </Card>
  );
}
