import { Badge, Tooltip } from '@mantine/core';
import { IconBrandStripe, IconTestPipe } from '@tabler/icons-react';
import { useSession } from '../../auth/useSession.ts';

/** Whether the money on this page moved through Stripe or the built-in emulator (no STRIPE_SECRET_KEY). */
export function StripeModeBadge() {
  const isEmulator = useSession().stripeMode === 'emulator';
  return (
    <Tooltip label={isEmulator ? 'No Stripe key is configured: these figures come from the built-in emulator; no real money moved.' : 'Figures from Stripe with the configured key.'}>
      <Badge data-testid="stripe-mode-badge" variant="light" color={isEmulator ? 'yellow' : 'indigo'} leftSection={isEmulator ? <IconTestPipe size={12} /> : <IconBrandStripe size={12} />}>
        {isEmulator ? 'Stripe emulator' : 'Stripe'}
      </Badge>
    </Tooltip>
  );
}
