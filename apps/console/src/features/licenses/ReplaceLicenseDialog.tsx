import { useState, type FormEvent } from 'react';
import { Alert, Anchor, Button, Code, CopyButton, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { Link } from 'react-router';
import { ZLicenseReplaceInput, type LicenseDetail } from '@marketdesk/shared';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readErrorData } from '../../lib/errors.ts';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { useRefreshAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC } from '../../lib/trpc.ts';

/**
 * "Issue replacement": revokes this license (unless it already is) and issues a new one with the
 * same terms and a new key, which is shown here once, with a copy button, to give the buyer.
 */
export function ReplaceLicenseDialog({ license, opened, onClose }: { license: LicenseDetail; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Issue replacement license" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      {/* Mounted per opening: a fresh reason, and the new key never shown twice. */}
      {opened && <ReplaceForm license={license} onClose={onClose} />}
    </Modal>
  );
}

function ReplaceForm({ license, onClose }: { license: LicenseDetail; onClose: () => void }) {
  const trpc = useTRPC();
  const refreshAfterWrite = useRefreshAfterWrite();
  const [reason, setReason] = useState('');
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const refresh = () => refreshAfterWrite(trpc.licenses.pathFilter());
  const replace = useMutation(trpc.licenses.replace.mutationOptions({ onSettled: () => refresh() }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = validateWith(ZLicenseReplaceInput, { licenseId: license.id, reason });
    setClientErrors(parsed.errors ?? {});
    if (parsed.data) replace.mutate(parsed.data);
  }

  if (replace.data) {
    const { license: issued, key } = replace.data;
    return (
      <Stack data-testid="replacement-issued">
        <Alert color="teal" title="Replacement issued">
          <Text size="sm">The old license is revoked. Give the buyer this new key: it is shown here once (support can open it again on the new license's page).</Text>
        </Alert>
        <Code block data-testid="replacement-key" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>{key}</Code>
        <Group justify="space-between">
          <CopyButton value={key}>
            {({ copied, copy }) => (
              <Button variant="light" color={copied ? 'teal' : 'blue'} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} onClick={copy}>
                {copied ? 'Copied' : 'Copy the new key'}
              </Button>
            )}
          </CopyButton>
          <Group gap="xs">
            <Anchor component={Link} to={`/licenses/${issued.id}`} onClick={onClose}>Open the new license</Anchor>
            <Button variant="default" onClick={onClose}>Close</Button>
          </Group>
        </Group>
      </Stack>
    );
  }
  const errors = { ...(replace.error ? readServerFieldErrors(replace.error) : {}), ...clientErrors };
  const isConflict = readErrorData(replace.error)?.code === 'CONFLICT';
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{license.buyerEmail} · {license.plugin.name}</Text>
        <Text size="sm">
          {license.status === 'REVOKED' ? 'This license stays revoked.' : 'This license is revoked: its key stops working at the next validation.'}
          {' '}A new license with the same plugin, purchase, entitlements, machine limit ({license.machineLimit}) and expiry is issued with a new key. Machines activate again with the new key. A license is replaced once.
        </Text>
        {isConflict ? (
          <Alert color="orange" title="Not replaced" role="alert" data-testid="replace-conflict">
            <Text size="sm">{readErrorData(replace.error)?.userMessage}</Text>
          </Alert>
        ) : (
          <FormError error={replace.error} fields={['reason']} />
        )}
        <Textarea label="Reason" description="Kept on both licenses and in the audit log" required autosize minRows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" color="indigo" loading={replace.isPending}>Issue replacement</Button>
        </Group>
      </Stack>
    </form>
  );
}
