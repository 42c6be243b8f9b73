import { Card, SimpleGrid, Text } from '@mantine/core';
import { formatMoney } from '@marketdesk/shared';
import type { RouterOutputs } from '../../lib/trpc.ts';

type Earnings = RouterOutputs['creator']['earnings'];

const CARDS: { key: keyof Omit<Earnings, 'currency'>; label: string; detail: string }[] = [
  { key: 'available', label: 'Available', detail: 'In your Stripe balance, not yet paid out' },
  { key: 'pending', label: 'Pending', detail: 'Paid out, on the way to your bank' },
  { key: 'paidOut', label: 'Paid out', detail: 'Reached your bank' },
  { key: 'lifetime', label: 'Lifetime earnings', detail: 'Available + pending + paid out' },
];

/** The creator's balance as the ledger and Stripe's payouts have it, all time. */
export function EarningsCards({ earnings }: { earnings: Earnings }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
      {CARDS.map(({ key, label, detail }) => (
        <Card key={key} withBorder padding="md" data-testid={`earnings-${key}`}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
          <Text fz={24} fw={700} ff="monospace" data-testid="earnings-value">{formatMoney(earnings[key], earnings.currency)}</Text>
          <Text size="xs" c="dimmed">{detail}</Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}
