import { Card, Group, Text, Timeline } from '@mantine/core';
import { IconAlertTriangle, IconArrowBackUp, IconCash, IconCircleCheck, IconCircleX, IconKey, IconShoppingCart, IconTransfer } from '@tabler/icons-react';
import { formatMoney } from '@marketdesk/shared';
import { formatPreciseDateTime } from '../../lib/format.ts';
import type { RouterOutputs } from '../../lib/trpc.ts';

type Event = RouterOutputs['finance']['purchase']['timeline'][number];

const ICONS: Record<Event['kind'], typeof IconCash> = {
  purchase_created: IconShoppingCart, payment: IconCircleCheck, payment_failed: IconCircleX, refund: IconArrowBackUp, refund_failure: IconCircleX,
  transfer: IconTransfer, transfer_reversal: IconTransfer, application_fee: IconCash, fee_refund: IconCash,
  dispute: IconAlertTriangle, payout: IconTransfer, payout_reversal: IconTransfer, license: IconKey,
};
const COLORS: Partial<Record<Event['kind'], string>> = { payment: 'teal', payment_failed: 'red', refund: 'orange', refund_failure: 'red', transfer_reversal: 'orange', fee_refund: 'orange', dispute: 'red', license: 'grape' };

/** The purchase's life in order: each Stripe money object (charge, transfer, application fee, refunds and their reversals, disputes), payouts, license; with each step's ledger effect. */
export function PurchaseTimeline({ events, currency }: { events: Event[]; currency: string }) {
  const money = (amount: number) => formatMoney(amount, currency);
  return (
    <Card withBorder padding="md" data-testid="purchase-timeline">
      <Text fw={600} mb="md">Timeline</Text>
      <Timeline bulletSize={24} lineWidth={2}>
        {events.map((event, index) => {
          const Icon = ICONS[event.kind];
          return (
            <Timeline.Item key={`${event.kind}-${index}`} bullet={<Icon size={14} />} color={COLORS[event.kind] ?? 'gray'} title={event.description}>
              <Text size="xs" c="dimmed">{formatPreciseDateTime(event.at)}</Text>
              {event.amount !== null && <Text size="sm" ff="monospace">{money(event.amount)}</Text>}
              {event.ledger && (
                <Group gap="md">
                  <Text size="xs" c="dimmed">Creator {money(event.ledger.creator)}</Text>
                  <Text size="xs" c="dimmed">Platform {money(event.ledger.platform)}</Text>
                  <Text size="xs" c="dimmed">Stripe fees {money(event.ledger.stripeFees)}</Text>
                </Group>
              )}
            </Timeline.Item>
          );
        })}
      </Timeline>
    </Card>
  );
}
