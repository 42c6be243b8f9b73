import type { ReactNode } from 'react';
import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCalendarOff } from '@tabler/icons-react';
import { hasPermission, type SubscriptionDetail } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { formatDateTime } from '../../lib/format.ts';
import { StatusBadge } from '../finance/StatusBadge.tsx';
import { CancelSubscriptionDialog } from './CancelSubscriptionDialog.tsx';
import { SubscriptionBilling } from './SubscriptionBilling.tsx';
import { SUBSCRIPTION_STATUS_COLORS, SUBSCRIPTION_STATUS_LABELS } from './labels.ts';

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text size="sm" component="div" data-testid={testId} style={{ wordBreak: 'break-word' }}>{children}</Text>
    </Stack>
  );
}

/** What happens next: the renewal (or retry) date, the end of a subscription set to cancel, or nothing. */
function describeNextRenewal(subscription: SubscriptionDetail): string {
  if (subscription.status === 'CANCELED') return 'None: canceled';
  if (subscription.cancelAtPeriodEnd) return `None: ends at period end (${formatDateTime(subscription.currentPeriodEnd)})`;
  if (!subscription.nextRenewalAt) return 'None scheduled';
  return subscription.failedRenewalAttempts > 0 ? `Retry ${formatDateTime(subscription.nextRenewalAt)}` : formatDateTime(subscription.nextRenewalAt);
}

/** Why the cancel button is greyed out, or null when it is not. */
function explainCancelRefusal(subscription: SubscriptionDetail): string | null {
  if (subscription.status === 'CANCELED') return 'This subscription is already canceled.';
  if (subscription.cancelAtPeriodEnd) return 'This subscription already ends at its period end.';
  return null;
}

/**
 * A subscription's state for support and finance: status, the paid period, renewals and their
 * failures, why it was canceled; "Cancel at period end" for those with subscriptions.manage.
 * `children` (e.g. its purchases) render at the bottom of the card.
 */
export function SubscriptionCard({ subscription, children }: { subscription: SubscriptionDetail; children?: ReactNode }) {
  const canManage = hasPermission(useSignedInUser().roles, 'subscriptions.manage');
  const [isCancelOpen, cancelDialog] = useDisclosure(false);
  const refusal = explainCancelRefusal(subscription);
  return (
    <Card withBorder padding="md" data-testid="subscription-card">
      <Group justify="space-between" mb="sm">
        <Group gap="sm">
          <Text fw={600}>Subscription</Text>
          <span data-testid="subscription-status"><StatusBadge label={SUBSCRIPTION_STATUS_LABELS[subscription.status]} color={SUBSCRIPTION_STATUS_COLORS[subscription.status]} /></span>
          {subscription.cancelAtPeriodEnd && subscription.status !== 'CANCELED' && <Badge variant="outline" color="orange" data-testid="subscription-ends">Ends at period end</Badge>}
        </Group>
        {canManage && (
          <Tooltip label={refusal} disabled={!refusal}>
            {/* A disabled button gets no hover events; the wrapper carries the tooltip. */}
            <span>
              <Button variant="light" color="red" leftSection={<IconCalendarOff size={16} />} disabled={refusal !== null} onClick={cancelDialog.open}>Cancel at period end</Button>
            </span>
          </Tooltip>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        <Field label="Current period" testId="subscription-period">{formatDateTime(subscription.currentPeriodStart)} – {formatDateTime(subscription.currentPeriodEnd)}</Field>
        <Field label="Period number" testId="subscription-period-number">{subscription.periodNumber}</Field>
        <Field label="Next renewal" testId="subscription-next-renewal">{describeNextRenewal(subscription)}</Field>
        <Field label="Failed renewal attempts" testId="subscription-failed-attempts">{subscription.failedRenewalAttempts}</Field>
        <Field label="Cancel reason" testId="subscription-cancel-reason">
          {subscription.cancelReason ?? <Text span size="sm" c="dimmed">—</Text>}
          {subscription.canceledAt && <Text size="xs" c="dimmed">{formatDateTime(subscription.canceledAt)}</Text>}
        </Field>
        <Field label="Subscription id"><Text span size="sm" ff="monospace">{subscription.id}</Text></Field>
      </SimpleGrid>
      <SubscriptionBilling subscriptionId={subscription.id} />
      {children}
      <CancelSubscriptionDialog opened={isCancelOpen} subscription={subscription} onClose={cancelDialog.close} />
    </Card>
  );
}
