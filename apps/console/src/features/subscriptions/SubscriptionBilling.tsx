import { useState } from 'react';
import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { IconArrowsExchange } from '@tabler/icons-react';
import { Link } from 'react-router';
import { hasPermission } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { ChangeTierDialog } from './ChangeTierDialog.tsx';

/**
 * A subscription's tier, its proration credit (a downgrade's credit for the next renewal) and the
 * overage billed per period; "Change tier…" for those with subscriptions.manage while it is active.
 */
export function SubscriptionBilling({ subscriptionId }: { subscriptionId: string }) {
  const trpc = useTRPC();
  const roles = useSignedInUser().roles;
  const canManage = hasPermission(roles, 'subscriptions.manage');
  const canReadFinance = hasPermission(roles, 'finance.read');
  const [isChanging, setChanging] = useState(false);
  const { data: billing } = useQuery({ ...trpc.subscriptions.billing.queryOptions({ subscriptionId }), enabled: canManage });
  if (!canManage || !billing) return null;
  const tierName = billing.tiers.find((t) => t.key === billing.tier)?.name;
  return (
    <Stack gap="xs" mt="md" data-testid="subscription-billing" component="section" aria-labelledby={`subscription-billing-${subscriptionId}`}>
      <Group justify="space-between">
        <Text fw={600} size="sm" id={`subscription-billing-${subscriptionId}`}>Tier and billing</Text>
        {billing.tiers.length > 1 && (
          <Button size="xs" variant="light" leftSection={<IconArrowsExchange size={14} />} disabled={billing.status !== 'ACTIVE'} onClick={() => setChanging(true)}>Change tier…</Button>
        )}
      </Group>
      <Group gap="xl">
        <Text size="sm">Tier <Badge variant="light" data-testid="subscription-tier">{tierName ?? 'No tier'}</Badge></Text>
        <Text size="sm">
          Proration credit{' '}
          <MoneyText amount={billing.prorationCreditAmount} currency={billing.currency} fw={600} data-testid="subscription-proration-credit" />
          <Text span size="xs" c="dimmed"> {billing.prorationCreditAmount < 0 ? '(owed: added to the next renewal)' : '(taken off the next renewal)'}</Text>
        </Text>
      </Group>
      <DataTable
        withTableBorder
        borderRadius="sm"
        minHeight={billing.overage.length ? undefined : 80}
        idAccessor="purchaseId"
        records={billing.overage}
        noRecordsText="No overage billed"
        aria-label="Overage billed per period"
        columns={[
          { accessor: 'periodStart', title: 'Usage period from', render: (o) => (o.periodStart ? formatDateTime(o.periodStart) : '—') },
          { accessor: 'amount', title: 'Overage billed', textAlign: 'right', render: (o) => <MoneyText amount={o.amount} currency={billing.currency} /> },
          { accessor: 'status', title: 'Payment', render: (o) => (canReadFinance ? <Anchor component={Link} to={`/transactions/${o.purchaseId}`} size="sm">{o.status}</Anchor> : <Text size="sm">{o.status}</Text>) },
        ]}
      />
      <ChangeTierDialog billing={billing} opened={isChanging} onClose={() => setChanging(false)} />
    </Stack>
  );
}
