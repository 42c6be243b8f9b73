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
  action: 'suspend' | 'reinstate' | 'revoke';
  licenses: LicenseSummary[];
}

/** Per action: the verb, the button colour and what the next validation of each key says. */
const BULK: Record<BulkLicenseAction['action'], { verb: string; color: string; effect: string }> = {
  suspend: { verb: 'Suspend', color: 'orange', effect: 'The next validation of each key says SUSPENDED until it is reinstated.' },
  reinstate: { verb: 'Reinstate', color: 'teal', effect: 'Suspended licenses become active again: the next validation of each key says VALID (unless it has expired). Licenses that are not suspended are left as they are.' },
  revoke: { verb: 'Revoke', color: 'red', effect: 'Revocation is final: the next validation of each key says REVOKED.' },
};

/** Suspend, reinstate or revoke the selected licenses; each is changed on its own, so the answer is one result per license. */
export function BulkLicenseActionModal({ bulk, onClose, onDone }: { bulk: BulkLicenseAction | null; onClose: () => void; onDone: () => Promise<unknown> }) {
  const shown = useLastPresent(bulk);
  return (
    <Modal opened={bulk !== null} onClose={onClose} title={shown ? `${BULK[shown.action].verb} licenses` : ''} size="lg">
      {shown && <BulkForm key={shown.licenses.map((l) => l.id).join()} bulk={shown} onClose={onClose} onDone={onDone} />}
    </Modal>
  );
}

function BulkForm({ bulk, onClose, onDone }: { bulk: BulkLicenseAction; onClose: () => void; onDone: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const [reason, setReason] = useState('');
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const run = useMutation(trpc.licenses.bulk.mutationOptions({ onSuccess: () => onDone() }));
  const { verb, color, effect } = BULK[bulk.action];

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
          {verb} {count === 1 ? 'this license' : `these ${count} licenses`}. {effect}
        </Text>
        <List size="sm" spacing={2}>
          {bulk.licenses.map((license) => <List.Item key={license.id}>{license.buyerEmail} · {license.plugin.name}</List.Item>)}
        </List>
        <FormError error={run.error} fields={['reason']} />
        <Textarea label="Reason" description="Kept on each license and in the audit log" required autosize minRows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" color={color} loading={run.isPending}>{verb} {count}</Button>
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
