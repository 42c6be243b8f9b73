import { useState } from 'react';
import { Button, Card, Checkbox, Group, NumberInput, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { currencyExponent, ZSaveTiersInput, type PluginPricing, type TierKey } from '@marketdesk/shared';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { notifySuccess } from '../../lib/notify.ts';
import { useSetAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { errorsByTier, toFormValues, toSaveInput, type PricingFormValues, type TierFormValues } from './tier-form.ts';

const TIER_FIELDS = ['key', 'name', 'priceAmount', 'entitlements', 'machineLimit', 'trialDays', 'quotas'] as const;

/** The edit form of a plugin's tiers and pricing model; saved with `pricing.saveTiers` (checked by the same schema first). */
export function TiersForm({ pricing }: { pricing: PluginPricing }) {
  const trpc = useTRPC();
  const setAfterWrite = useSetAfterWrite();
  const [values, setValues] = useState<PricingFormValues>(() => toFormValues(pricing));
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation(trpc.pricing.saveTiers.mutationOptions({
    onSuccess: async (saved) => {
      await setAfterWrite(trpc.pricing.ownTiers.queryKey({ pluginId: saved.pluginId }), saved);
      notifySuccess('Pricing saved', `${saved.pluginName}: ${saved.tiers.length} ${saved.tiers.length === 1 ? 'tier' : 'tiers'}. New buyers get these terms.`);
    },
  }));

  const setTier = (key: TierKey, patch: Partial<TierFormValues>) => setValues((v) => ({ ...v, tiers: v.tiers.map((t) => (t.key === key ? { ...t, ...patch } : t)) }));

  const submit = () => {
    const { input, keys } = toSaveInput(pricing.pluginId, pricing.currency, values);
    const checked = validateWith(ZSaveTiersInput, input);
    const priceErrors = Object.fromEntries(input.tiers.filter((t) => Number.isNaN(t.priceAmount)).map((t) => [`${t.key}.priceAmount`, `Enter an amount like ${currencyExponent(pricing.currency) ? '25.00' : '2500'}`]));
    const found = { ...(checked.errors ? errorsByTier(checked.errors, keys) : {}), ...priceErrors };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    save.mutate(input, { onError: (error) => setErrors(errorsByTier(readServerFieldErrors(error), keys)) });
  };

  const fieldNames = ['pricingModel', 'tiers', ...values.tiers.flatMap((t) => TIER_FIELDS.map((f) => `tiers.${values.tiers.filter((x) => x.isOffered).indexOf(t)}.${f}`))];
  return (
    <Card withBorder padding="md" component="form" aria-label="Edit tiers" onSubmit={(event: React.FormEvent) => { event.preventDefault(); submit(); }}>
      <Stack gap="md">
        <Text fw={600} component="h2" size="lg">Edit tiers</Text>
        <Stack gap={4}>
          <Text size="sm" fw={500} id="pricing-model-label">How the plugin sells</Text>
          <SegmentedControl
            aria-labelledby="pricing-model-label" value={values.pricingModel} onChange={(model) => setValues((v) => ({ ...v, pricingModel: model as PricingFormValues['pricingModel'] }))}
            data={[{ value: 'ONE_TIME', label: 'One-time' }, { value: 'SUBSCRIPTION', label: 'Subscription' }, { value: 'FREE', label: 'Free' }]} maw={420}
          />
          {errors.pricingModel ? <Text size="sm" c="red" role="alert">{errors.pricingModel}</Text> : null}
        </Stack>
        {values.tiers.map((tier) => <TierFields key={tier.key} tier={tier} currency={pricing.currency} errors={errors} onChange={(patch) => setTier(tier.key, patch)} />)}
        {errors.tiers ? <Text size="sm" c="red" role="alert">{errors.tiers}</Text> : null}
        <FormError error={save.error} fields={fieldNames} />
        <Group><Button type="submit" loading={save.isPending}>Save tiers</Button></Group>
      </Stack>
    </Card>
  );
}

function TierFields({ tier, currency, errors, onChange }: { tier: TierFormValues; currency: string; errors: FieldErrors; onChange: (patch: Partial<TierFormValues>) => void }) {
  const error = (field: string) => errors[`${tier.key}.${field}`];
  const label = `${tier.name || tier.key} tier`;
  return (
    <Card withBorder padding="sm" data-testid={`tier-form-${tier.key}`}>
      <Checkbox label={`Offer the ${tier.key} tier`} checked={tier.isOffered} onChange={(event) => onChange({ isOffered: event.currentTarget.checked })} mb={tier.isOffered ? 'sm' : 0} />
      {tier.isOffered ? (
        <SimpleGrid cols={{ base: 1, sm: 2, md: 5 }}>
          <TextInput label="Name" aria-label={`${label}: name`} value={tier.name} onChange={(e) => onChange({ name: e.currentTarget.value })} error={error('name')} />
          <TextInput
            label={`Price (${currency.toUpperCase()})`} aria-label={`${label}: price`} value={tier.price} disabled={tier.key === 'free'} inputMode="decimal"
            onChange={(e) => onChange({ price: e.currentTarget.value })} error={error('priceAmount')}
          />
          <NumberInput label="Machine limit" aria-label={`${label}: machine limit`} min={1} max={100} allowDecimal={false} value={tier.machineLimit} onChange={(value) => onChange({ machineLimit: value })} error={error('machineLimit')} />
          <NumberInput label="Trial days" aria-label={`${label}: trial days`} min={0} max={30} allowDecimal={false} value={tier.trialDays} onChange={(value) => onChange({ trialDays: value })} error={error('trialDays')} disabled={tier.key === 'free'} />
          <TextInput label="Entitlements" aria-label={`${label}: entitlements`} description="Comma-separated" value={tier.entitlements} onChange={(e) => onChange({ entitlements: e.currentTarget.value })} error={error('entitlements') ?? error('quotas')} />
        </SimpleGrid>
      ) : null}
    </Card>
  );
}
