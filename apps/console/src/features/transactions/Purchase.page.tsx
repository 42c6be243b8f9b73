import { Alert, Anchor, Button, Group, Loader, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconArrowBackUp, IconChevronLeft } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { hasPermission } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { useSearchParamFlag } from '../../lib/dialog-params.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { PurchaseDisputes, PurchaseRefunds } from './PurchaseRefunds.tsx';
import { PurchaseSummary } from './PurchaseSummary.tsx';
import { PurchaseTimeline } from './PurchaseTimeline.tsx';
import { RefundDialog } from './RefundDialog.tsx';
import { SubscriptionPurchases } from './SubscriptionPurchases.tsx';
import { SubscriptionCard } from '../subscriptions/SubscriptionCard.tsx';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';

/** One purchase: summary, its subscription, timeline (payment, refunds, disputes, license), refunds, and the refund dialog. */
export default function PurchasePage() {
  const { purchaseId = '' } = useParams();
  const trpc = useTRPC();
  const canRefund = hasPermission(useSignedInUser().roles, 'refund.create');
  // In the URL (?refund=1), so the command palette's "Refund…" opens the dialog.
  const [isRefundOpen, refundDialog] = useSearchParamFlag('refund');
  const { data } = useQuery(trpc.finance.purchase.queryOptions({ purchaseId }));
  if (!data) return <Loader m="xl" aria-label="Loading purchase" />;
  const { purchase, refundable, hasOpenDispute } = data;
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/transactions" size="sm"><Group gap={4}><IconChevronLeft size={14} />Transactions</Group></Anchor>
      <Group justify="space-between">
        <PageTitle>{purchase.pluginName} · {purchase.buyerEmail}</PageTitle>
        {canRefund && (
          <Button color="red" variant="light" leftSection={<IconArrowBackUp size={16} />} disabled={refundable <= 0 || hasOpenDispute} onClick={refundDialog.open}>
            Refund
          </Button>
        )}
      </Group>
      {hasOpenDispute && <Alert color="orange" title="Open dispute">This purchase has an open dispute: it cannot be refunded until the dispute is closed.</Alert>}
      <PurchaseSummary data={data} />
      {data.subscription && (
        <SubscriptionCard subscription={data.subscription}>
          <SubscriptionPurchases purchases={data.subscription.purchases} currentId={purchase.id} />
        </SubscriptionCard>
      )}
      <PurchaseRefunds refunds={data.refunds} />
      <PurchaseDisputes disputes={data.disputes} />
      <PurchaseTimeline events={data.timeline} currency={purchase.currency} />
      <RefundDialog opened={isRefundOpen && canRefund && refundable > 0 && !hasOpenDispute} onClose={refundDialog.close} purchase={purchase} refundable={refundable} />
    </Stack>
  );
}
