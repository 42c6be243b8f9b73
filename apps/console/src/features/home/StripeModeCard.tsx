import { Badge, Card, Group, Text } from '@mantine/core';
import { IconBrandStripe, IconTestPipe } from '@tabler/icons-react';

/** Whether money moves through Stripe or through the built-in emulator (no STRIPE_SECRET_KEY). */
export function StripeModeCard({ stripeMode }: { stripeMode: 'stripe' | 'emulator' }) {
  const isEmulator = stripeMode === 'emulator';
  return (
    <Card withBorder padding="lg" data-testid="stripe-mode">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>Payments</Text>
        <Badge color={isEmulator ? 'yellow' : 'indigo'} leftSection={isEmulator ? <IconTestPipe size={12} /> : <IconBrandStripe size={12} />}>
          {isEmulator ? 'Stripe emulator' : 'Stripe'}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed">
        {isEmulator
          ? 'No Stripe key is configured: charges, refunds and payouts go to the built-in emulator. No real money moves.'
          : 'Charges, refunds and payouts go to Stripe with the configured key.'}
      </Text>
    </Card>
  );
}
