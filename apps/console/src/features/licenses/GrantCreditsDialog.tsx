import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { currencyExponent, formatMoney, toMinorUnits, ZLicenseGrantCreditsInput, type LicenseCredits } from '@marketdesk/shared';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { notifySuccess } from '../../lib/notify.ts';
import { useRefreshAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC } from '../../lib/trpc.ts';

/** "Grant credits": an amount in major units of the plugin's currency (up to the grant cap) and a reason, kept in the audit log and on the ledger posting. */
export function GrantCreditsDialog({ credits, opened, onClose }: { credits: LicenseCredits; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Grant credits" closeButtonProps={{ 'aria-label': 'Close' }}>
      {/* Mounted per opening: a fresh amount and reason. */}
      {opened && <GrantForm credits={credits} onClose={onClose} />}
    </Modal>
  );
}

/** `major` ("12.50"; "1500" for JPY) in minor units of `currency`, or why it is not an amount. */
function parseAmount(major: string, currency: string): { minor: number } | { error: string } {
  if (!major.trim()) return { error: 'Enter the amount to grant' };
  try {
    return { minor: toMinorUnits(major, currency) };
  } catch (error) {
    return { error: (error as RangeError).message };
  }
}

function GrantForm({ credits, onClose }: { credits: LicenseCredits; onClose: () => void }) {
  const trpc = useTRPC();
  const refreshAfterWrite = useRefreshAfterWrite();
  const { currency } = credits;
  const [major, setMajor] = useState('');
  const [reason, setReason] = useState('');
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const grant = useMutation(trpc.licenses.grantCredits.mutationOptions({
    onSuccess: async (after, input) => {
      await refreshAfterWrite(trpc.licenses.pathFilter());
      notifySuccess('Credits granted', `${formatMoney(input.amount, currency)} added: the balance is ${formatMoney(after.balance, currency)}.`);
      onClose();
    },
  }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const amount = parseAmount(major, currency);
    if ('error' in amount) return setClientErrors({ amount: amount.error });
    if (amount.minor > credits.maxGrant) return setClientErrors({ amount: `At most ${formatMoney(credits.maxGrant, currency)} at once` });
    const parsed = validateWith(ZLicenseGrantCreditsInput, { licenseId: credits.licenseId, amount: amount.minor, reason });
    setClientErrors(parsed.errors ?? {});
    if (parsed.data) grant.mutate(parsed.data);
  }
  const errors = { ...(grant.error ? readServerFieldErrors(grant.error) : {}), ...clientErrors };
  const exponent = currencyExponent(currency);
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">The platform pays for granted credits; they are added to the balance at once ({formatMoney(credits.balance, currency)} now) and recorded in the ledger.</Text>
        <FormError error={grant.error} fields={['amount', 'reason']} />
        <TextInput
          label="Amount"
          description={`In ${currency.toUpperCase()}, ${exponent === 0 ? 'whole units' : `up to ${exponent} decimals`}; at most ${formatMoney(credits.maxGrant, currency)}`}
          inputMode="decimal"
          rightSection={currency.toUpperCase()}
          rightSectionWidth={48}
          required
          value={major}
          onChange={(e) => {
            setMajor(e.currentTarget.value);
            setClientErrors(({ amount: _amount, ...rest }) => rest);
          }}
          error={errors.amount}
          data-autofocus
        />
        <Textarea label="Reason" description="Kept in the audit log (at least 5 characters)" required autosize minRows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" color="grape" loading={grant.isPending}>Grant credits</Button>
        </Group>
      </Stack>
    </form>
  );
}
