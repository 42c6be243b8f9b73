import { Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { formatMoney } from '@marketdesk/shared';
import { formatDateTime } from '../../lib/format.ts';
import type { RouterOutputs } from '../../lib/trpc.ts';
import { PurchaseStatusBadge } from '../finance/PurchaseStatusBadge.tsx';

type Timeline = RouterOutputs['finance']['purchase'];

function Field({ label, value, testId, isMono = false }: { label: string; value: string; testId?: string; isMono?: boolean }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text size="sm" ff={isMono ? 'monospace' : undefined} data-testid={testId} style={{ wordBreak: 'break-all' }}>{value}</Text>
    </Stack>
  );
}

/** Who bought what from whom, for how much, and what can still be refunded. */
export function PurchaseSummary({ data }: { data: Timeline }) {
  const { purchase, refundable } = data;
  const money = (amount: number) => formatMoney(amount, purchase.currency);
  return (
    <Card withBorder padding="md" data-testid="purchase-summary">
      <Group mb="sm" gap="sm">
        <Text fw={600}>Purchase</Text>
        <PurchaseStatusBadge status={purchase.status} />
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        <Field label="Buyer" value={purchase.buyerEmail} />
        <Field label="Plugin" value={purchase.pluginName} />
        <Field label="Creator" value={purchase.creatorName} />
        <Field label="Paid" value={purchase.paidAt ? formatDateTime(purchase.paidAt) : 'Not paid'} />
        <Field label="Amount" value={money(purchase.amount)} testId="purchase-amount" isMono />
        <Field label="Platform fee" value={money(purchase.applicationFeeAmount)} isMono />
        <Field label="Refundable" value={money(refundable)} testId="purchase-refundable" isMono />
        <Field label="Purchase id" value={purchase.id} isMono />
        <Field label="PaymentIntent" value={purchase.paymentIntentId} isMono />
        <Field label="Charge" value={purchase.chargeId ?? '—'} isMono />
      </SimpleGrid>
    </Card>
  );
}
