import { Alert, Badge, Button, Card, Code, Group, List, Loader, Stack, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { useSignedInUser } from '../../auth/useSession.ts';
import { StripeModeBadge } from '../../components/StripeModeBadge/StripeModeBadge.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useSetAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';

type Status = RouterOutputs['connect']['status'];

/** Where Stripe's onboarding sends the creator back (`return`) or to get a new link (`refresh`): this page. */
function onboardingUrls() {
  const here = `${window.location.origin}/payouts-setup`;
  return { returnUrl: `${here}?onboarding=return`, refreshUrl: `${here}?onboarding=refresh` };
}

/**
 * "Set up payouts": the creator's Stripe connected account (charges, payouts, the transfers
 * capability buyers' payments need, what Stripe still asks for) and a button to Stripe's hosted
 * onboarding (an Account Link). Coming back (`?onboarding=return`), the page re-reads the account
 * from Stripe; an expired link (`?onboarding=refresh`) makes a new one at once.
 */
export default function PayoutSetupPage() {
  const user = useSignedInUser();
  if (!user.creatorId) {
    return <Alert color="orange" title="No creator account" maw={560}>Your sign-in is not linked to a creator account, so there are no payouts to set up.</Alert>;
  }
  return <PayoutSetup />;
}

function PayoutSetup() {
  const trpc = useTRPC();
  const setAfterWrite = useSetAfterWrite();
  const [params, setParams] = useSearchParams();
  const onboarding = params.get('onboarding');
  const status = useQuery(trpc.connect.status.queryOptions());
  const refresh = useMutation(trpc.connect.refresh.mutationOptions({
    // The status read on arriving here may land after this re-read: useSetAfterWrite cancels it first.
    onSuccess: (fresh) => setAfterWrite(trpc.connect.status.queryKey(), fresh),
  }));
  const link = useMutation(trpc.connect.createOnboardingLink.mutationOptions({
    onSuccess: ({ url }) => window.location.assign(url),
  }));
  const handled = useRef<string | null>(null);
  useEffect(() => {
    if (!onboarding || handled.current === onboarding) return;
    handled.current = onboarding;
    if (onboarding === 'return') refresh.mutate(undefined, { onSettled: () => setParams({}, { replace: true }) });
    if (onboarding === 'refresh') link.mutate(onboardingUrls());
  }, [onboarding, refresh, link, setParams]);

  return (
    <Stack gap="md" maw={720}>
      <Group justify="space-between">
        <PageTitle>Set up payouts</PageTitle>
        <StripeModeBadge />
      </Group>
      <Text c="dimmed">Buyers pay you through Stripe. Stripe needs a few details about you and your bank before your plugins can be sold and paid out.</Text>
      {status.isPending || refresh.isPending ? <Loader aria-label="Reading your Stripe account" /> : null}
      {status.error ? <Alert color="red" title="Could not read your payout setup">{status.error.message}</Alert> : null}
      {refresh.error ? <Alert color="red" title="Could not re-read your Stripe account">{refresh.error.message}</Alert> : null}
      {status.data ? <StatusCard status={status.data} /> : null}
      {link.error ? <Alert color="red" title="Could not open Stripe's onboarding">{link.error.message}</Alert> : null}
      {status.data && !isComplete(status.data) ? (
        <Group>
          <Button loading={link.isPending} onClick={() => link.mutate(onboardingUrls())}>
            {status.data.stripeAccountId ? 'Continue setup with Stripe' : 'Set up payouts with Stripe'}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

function isComplete(status: Status): boolean {
  return status.canReceiveTransfers && status.payoutsEnabled && status.currentlyDue.length === 0;
}

function YesNo({ label, value }: { label: string; value: boolean }) {
  return (
    <Group gap="xs">
      <Text size="sm" w={160}>{label}</Text>
      <Badge color={value ? 'green' : 'red'} variant="light">{value ? 'Enabled' : 'Not enabled'}</Badge>
    </Group>
  );
}

function StatusCard({ status }: { status: Status }) {
  const due = [...new Set([...status.pastDue, ...status.currentlyDue])];
  return (
    <Card withBorder padding="md" data-testid="payout-setup-status">
      <Stack gap="xs">
        {isComplete(status) ? (
          <Alert color="green" title="Payouts enabled">Your Stripe account can receive payments for your plugins and pay out to your bank.</Alert>
        ) : status.stripeAccountId ? (
          <Alert color="orange" title="Your Stripe account is restricted">
            Buyers cannot buy your plugins until you finish setting up payouts{status.disabledReason ? <> (Stripe: <Code>{status.disabledReason}</Code>)</> : null}.
          </Alert>
        ) : (
          <Alert color="blue" title="Not set up yet">You have no Stripe account yet. Setting up payouts makes one.</Alert>
        )}
        <YesNo label="Payments (transfers)" value={status.canReceiveTransfers} />
        <YesNo label="Charges" value={status.chargesEnabled} />
        <YesNo label="Payouts" value={status.payoutsEnabled} />
        {due.length > 0 ? (
          <>
            <Text size="sm" fw={500}>Stripe still needs:</Text>
            <List size="sm" aria-label="Requirements due">
              {due.map((requirement) => <List.Item key={requirement}><Code>{requirement}</Code>{status.pastDue.includes(requirement) ? ' (past due)' : ''}</List.Item>)}
            </List>
          </>
        ) : null}
        {status.stripeAccountId ? <Text size="xs" c="dimmed">Stripe account <Code>{status.stripeAccountId}</Code>{status.syncedAt ? `, read ${formatDateTime(status.syncedAt)}` : ''}</Text> : null}
      </Stack>
    </Card>
  );
}
