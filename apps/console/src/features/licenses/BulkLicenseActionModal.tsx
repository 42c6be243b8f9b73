import { useState, type FormEvent } from 'react';
import { Button, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { ZLicenseBulkInput, type LicenseSummary } from '@marketdesk/shared';
import { BulkResults } from '../../components/BulkResults/BulkResults.tsx';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { useLastPresent } from '../../lib/use-last-present.ts';
import { LICENSE_STATUS_LABELS } from './labels.ts';

export interface BulkLicenseAction {
  action: 'suspend' | 'revoke';
  licenses: LicenseSummary[];
}

/** Suspend or revoke the selected licenses; each is changed on its own, so the answer is one result per license. */
export function BulkLicenseActionModal({ bulk, onClose, onDone }: { bulk: BulkLicenseAction | null; onClose: () => void; onDone: () => Promise<unknown> }) {
  const shown = useLastPresent(bulk);
  return (
    <Modal opened={bulk !== null} onClose={onClose} title={shown?.action === 'revoke' ? 'Revoke licenses' : 'Suspend licenses'} size="lg">
      {shown && <BulkForm key={shown.licenses.map((l) => l.id).join()} bulk={shown} onClose={onClose} onDone={onDone} />}
    </Modal>
  );
}

function BulkForm({ bulk, onClose, onDone }: { bulk: BulkLicenseAction; onClose: () => void; onDone: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const [reason, setReason] = useState('');
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const run = useMutation(trpc.licenses.bulk.mutationOptions({ onSuccess: () => onDone() }));
  const isRevoke = bulk.action === 'revoke';

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = validateWith(ZLicenseBulkInput, { ids: bulk.licenses.map((license) => license.id), action: bulk.action, reason });
    setClientErrors(parsed.errors ?? {});
    if (parsed.data) run.mutate(parsed.data);
  }

  if (run.data) return <BulkLicenseResults licenses={bulk.licenses} results={run.data.results} onClose={onClose} />;
  const errors = { ...(run.error ? readServerFieldErrors(run.error) : {}), ...clientErrors };
  const count = bulk.licenses.length;
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">
          {isRevoke ? 'Revoke' : 'Suspend'} {count === 1 ? 'this license' : `these ${count} licenses`}.
          {isRevoke ? ' Revocation is final: the next validation of each key says REVOKED.' : ' The next validation of each key says SUSPENDED until it is reinstated.'}
        </Text>
        <List size="sm" spacing={2}>
          {bulk.licenses.map((license) => <List.Item key={license.id}>{license.buyerEmail} · {license.plugin.name}</List.Item>)}
        </List>
        <FormError error={run.error} fields={['reason']} />
        <Textarea label="Reason" description="Kept on each license and in the audit log" required autosize minRows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" color={isRevoke ? 'red' : 'orange'} loading={run.isPending}>{isRevoke ? 'Revoke' : 'Suspend'} {count}</Button>
        </Group>
      </Stack>
    </form>
  );
}

type Result = { id: string; ok: boolean; status: LicenseSummary['status'] | null; error: string | null };

function BulkLicenseResults({ licenses, results, onClose }: { licenses: LicenseSummary[]; results: Result[]; onClose: () => void }) {
  const byId = new Map(licenses.map((license) => [license.id, license]));
  const rows = results.map((result) => ({
    id: result.id,
    title: byId.get(result.id)?.buyerEmail ?? result.id,
    subtitle: byId.get(result.id)?.plugin.name,
    isDone: result.ok,
    detail: (
      <>
        {result.status && <Text size="sm">Now {LICENSE_STATUS_LABELS[result.status].toLowerCase()}</Text>}
        {result.error && <Text size="sm" c="dimmed">{result.error}</Text>}
      </>
    ),
  }));
  return <BulkResults rows={rows} onClose={onClose} titleStyle={{ minWidth: 220 }} />;
}
