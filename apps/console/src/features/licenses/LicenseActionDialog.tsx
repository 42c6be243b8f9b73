import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { ZLicenseActionInput, type LicenseDetail } from '@marketdesk/shared';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readErrorData } from '../../lib/errors.ts';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { notifySuccess } from '../../lib/notify.ts';
import { useRefreshAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { useLastPresent } from '../../lib/use-last-present.ts';
import { ACTION_LABELS, LICENSE_STATUS_LABELS, type LicenseAction } from './labels.ts';

/** What revoking asks to be typed: revocation is final, so it takes more than one click. */
export const REVOKE_CONFIRMATION = 'REVOKE';

const EXPLANATIONS: Record<LicenseAction, string> = {
  suspend: 'The next validation of this key says SUSPENDED until the license is reinstated.',
  reinstate: 'The license becomes active again: the next validation says VALID (unless it has expired).',
  revoke: 'Revocation is final: the next validation of this key says REVOKED, on every API process. A mistaken revocation is fixed with “Issue replacement”, which issues a new license and key.',
};

/** Suspend, reinstate or revoke one license with a reason; revoking also asks for a typed confirmation. */
export function LicenseActionDialog({ action, license, onClose }: { action: LicenseAction | null; license: LicenseDetail; onClose: () => void }) {
  const shown = useLastPresent(action);
  return (
    <Modal opened={action !== null} onClose={onClose} title={shown ? `${ACTION_LABELS[shown]} license` : ''} size="lg">
      {/* Mounted per opening: a fresh reason and confirmation each time. */}
      {action && <ActionForm action={action} license={license} onClose={onClose} />}
    </Modal>
  );
}

function ActionForm({ action, license, onClose }: { action: LicenseAction; license: LicenseDetail; onClose: () => void }) {
  const trpc = useTRPC();
  const refreshAfterWrite = useRefreshAfterWrite();
  const [reason, setReason] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const refresh = () => refreshAfterWrite(trpc.licenses.pathFilter());
  const options = {
    onSuccess: async (result: { status: LicenseDetail['status'] }) => {
      await refresh();
      notifySuccess(`License ${LICENSE_STATUS_LABELS[result.status].toLowerCase()}`, `${license.buyerEmail} · ${license.plugin.name}`);
      onClose();
    },
    // A refusal (CONFLICT: the license changed meanwhile) shows in the dialog; the page behind it is reloaded to its current state.
    onError: () => refresh(),
  };
  const suspend = useMutation(trpc.licenses.suspend.mutationOptions(options));
  const reinstate = useMutation(trpc.licenses.reinstate.mutationOptions(options));
  const revoke = useMutation(trpc.licenses.revoke.mutationOptions(options));
  const mutation = { suspend, reinstate, revoke }[action];
  const isRevoke = action === 'revoke';

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = validateWith(ZLicenseActionInput, { id: license.id, reason });
    const errors: FieldErrors = { ...parsed.errors };
    if (isRevoke && confirmation.trim() !== REVOKE_CONFIRMATION) errors.confirmation = `Type ${REVOKE_CONFIRMATION} to confirm`;
    setClientErrors(errors);
    if (parsed.data && Object.keys(errors).length === 0) mutation.mutate(parsed.data);
  }
  const errors = { ...(mutation.error ? readServerFieldErrors(mutation.error) : {}), ...clientErrors };
  const isConflict = readErrorData(mutation.error)?.code === 'CONFLICT';
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{license.buyerEmail} · {license.plugin.name} · now {LICENSE_STATUS_LABELS[license.status].toLowerCase()}</Text>
        <Text size="sm" c="dimmed">{EXPLANATIONS[action]}</Text>
        {isConflict ? (
          <Alert color="orange" title="Not applied: this license's status does not allow it" role="alert" data-testid="action-conflict">
            <Text size="sm">{readErrorData(mutation.error)?.userMessage}</Text>
            <Text size="sm" c="dimmed" mt={4}>The page now shows the license as it is.</Text>
          </Alert>
        ) : (
          <FormError error={mutation.error} fields={['reason']} />
        )}
        <Textarea label="Reason" description="Kept on the license and in the audit log" required autosize minRows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} data-autofocus />
        {isRevoke && (
          <TextInput
            label={`Type ${REVOKE_CONFIRMATION} to confirm`}
            required
            autoComplete="off"
            value={confirmation}
            onChange={(e) => setConfirmation(e.currentTarget.value)}
            error={errors.confirmation}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" color={isRevoke ? 'red' : action === 'suspend' ? 'orange' : 'teal'} loading={mutation.isPending}>{ACTION_LABELS[action]} license</Button>
        </Group>
      </Stack>
    </form>
  );
}
