import { Alert, Loader, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useSignedInUser } from '../../auth/useSession.ts';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';
import { useTRPC } from '../../lib/trpc.ts';
import { TiersForm } from './TiersForm.tsx';
import { TiersTable } from './TiersTable.tsx';

/**
 * "Pricing": the creator picks one of their own plugins (`?plugin=`), reads its tiers (price,
 * entitlements, machine limit, trial, quotas) and edits them. Licenses already issued keep what
 * they were issued with; new buyers get the saved terms.
 */
export default function PricingPage() {
  const user = useSignedInUser();
  if (!user.creatorId) {
    return <Alert color="orange" title="No creator account" maw={560}>Your sign-in is not linked to a creator account, so there are no plugins to price.</Alert>;
  }
  return <Pricing />;
}

function Pricing() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const plugins = useQuery(trpc.submissions.plugins.queryOptions());
  const pluginId = params.get('plugin') ?? plugins.data?.[0]?.id ?? null;
  const pricing = useQuery({ ...trpc.pricing.ownTiers.queryOptions({ pluginId: pluginId ?? '' }), enabled: pluginId !== null });

  return (
    <Stack gap="md" maw={1100}>
      <PageTitle>Pricing</PageTitle>
      <Text c="dimmed">How each of your plugins sells: its tiers, what a license of each carries, and their prices. Licenses already issued keep their terms.</Text>
      <Select
        label="Plugin" maw={480} searchable data={(plugins.data ?? []).map((plugin) => ({ value: plugin.id, label: plugin.name }))}
        placeholder={plugins.isPending ? 'Loading your plugins…' : 'Choose a plugin'} nothingFoundMessage="None of your plugins matches"
        value={pluginId} onChange={(id) => id && setParams({ plugin: id }, { replace: true })} allowDeselect={false}
      />
      {plugins.data?.length === 0 ? <Text c="dimmed">You have no plugins yet.</Text> : null}
      {pricing.isFetching && !pricing.data ? <Loader aria-label="Loading the plugin's pricing" /> : null}
      {pricing.error ? <Alert color="red" title="Could not read the plugin's pricing">{pricing.error.message}</Alert> : null}
      {pricing.data ? (
        <>
          <TiersTable pricing={pricing.data} />
          <TiersForm key={`${pricing.data.pluginId}:${JSON.stringify(pricing.data.tiers)}:${pricing.data.pricingModel}`} pricing={pricing.data} />
        </>
      ) : null}
    </Stack>
  );
}
