import { Card, SimpleGrid, Text } from '@mantine/core';
import { formatMoney } from '@marketdesk/shared';
import type { RouterOutputs } from '../../lib/trpc.ts';

type Kpis = RouterOutputs['finance']['kpis'];

const percent = new Intl.NumberFormat(undefined, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = new Intl.NumberFormat();

interface KpiCardProps {
  testId: string;
  label: string;
  amount: number;
  currency: string;
  detail: string;
}

function KpiCard({ testId, label, amount, currency, detail }: KpiCardProps) {
  return (
    <Card withBorder padding="md" data-testid={`kpi-${testId}`}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text fz={24} fw={700} ff="monospace" data-testid="kpi-value">{formatMoney(amount, currency)}</Text>
      <Text size="xs" c="dimmed">{detail}</Text>
    </Card>
  );
}

/** The period's figures, each a sum over the ledger, in the period's currency. */
export function KpiCards({ kpis }: { kpis: Kpis }) {
  const { currency } = kpis;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
      <KpiCard testId="gross-volume" label="Gross volume" amount={kpis.grossVolume} currency={currency} detail={`${count.format(kpis.paymentCount)} payments`} />
      <KpiCard testId="refunds" label="Refunds" amount={kpis.refunds} currency={currency} detail={`${count.format(kpis.refundCount)} refunds · ${percent.format(kpis.refundRate)} of gross`} />
      <KpiCard testId="disputes" label="Disputes" amount={kpis.disputes} currency={currency} detail={`${count.format(kpis.disputeCount)} disputes · ${percent.format(kpis.disputeRate)} of gross`} />
      <KpiCard testId="net-volume" label="Net volume" amount={kpis.netVolume} currency={currency} detail="Gross − refunds − disputes" />
      <KpiCard testId="net-revenue" label="Net revenue" amount={kpis.netRevenue} currency={currency} detail="What the platform keeps: fees − Stripe fees − chargebacks it bore" />
      <KpiCard testId="platform-fees" label="Platform fees" amount={kpis.platformFees} currency={currency} detail="Application fees kept" />
      <KpiCard testId="creator-earnings" label="Creator earnings" amount={kpis.creatorEarnings} currency={currency} detail="Creators' share after refunds" />
      <KpiCard testId="stripe-fees" label="Stripe fees" amount={kpis.stripeFees} currency={currency} detail="Processing fees Stripe charged" />
    </SimpleGrid>
  );
}
