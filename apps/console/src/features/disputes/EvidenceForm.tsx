import { Alert, Button, Card, Group, List, Modal, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { countEvidenceCharacters, EVIDENCE_FORM_FIELDS, EVIDENCE_FORM_GROUPS, MAX_EVIDENCE_TEXT_CHARACTERS, ZDisputeEvidence, type DisputeDetail, type DisputeEvidence } from '@marketdesk/shared';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { notifySuccess } from '../../lib/notify.ts';
import { useRefreshAfterWrite, useSetAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { EvidenceFileField, type AttachedFile } from './EvidenceFileField.tsx';

type Texts = Record<string, string>;
type Files = Record<string, AttachedFile | null>;
const FIELD_NAMES = EVIDENCE_FORM_FIELDS.map((field) => field.name as string);

function initialValues(evidence: DisputeEvidence | null): { texts: Texts; files: Files } {
  const texts: Texts = {};
  const files: Files = {};
  for (const group of EVIDENCE_FORM_GROUPS) {
    for (const field of group.fields) {
      const value = (evidence as Record<string, string | undefined> | null)?.[field.name];
      if (field.kind === 'text') texts[field.name] = value ?? '';
      else files[field.name] = value ? { fileId: value, filename: null, size: null } : null;
    }
  }
  return { texts, files };
}

/** The evidence the form holds, as disputes.updateEvidence takes it: empty fields left out. */
function toEvidence(texts: Texts, files: Files): Record<string, string> {
  const evidence: Record<string, string> = {};
  for (const [name, value] of Object.entries(texts)) if (value.trim()) evidence[name] = value;
  for (const [name, file] of Object.entries(files)) if (file) evidence[name] = file.fileId;
  return evidence;
}

/**
 * Stripe's evidence fields in groups, with help text; files upload to Stripe as they are chosen.
 * "Save draft" keeps it at Stripe (submit=false); "Submit to Stripe" sends it to the bank, after
 * a confirmation that says it is final. Disabled with the reason once Stripe takes no more.
 */
/** The evidence as last sent from the console, read-only (once Stripe takes no more). */
function EvidenceSent({ evidence }: { evidence: DisputeEvidence | null }) {
  const sent = EVIDENCE_FORM_FIELDS.filter((field) => (evidence as Record<string, string | undefined> | null)?.[field.name]);
  if (!evidence || sent.length === 0) return <Text size="sm">No evidence was sent from Marketdesk.</Text>;
  return (
    <Stack gap="xs" data-testid="evidence-sent">
      {sent.map((field) => (
        <div key={field.name}>
          <Text size="sm" fw={600}>{field.label}</Text>
          <Text size="sm" ff={field.kind === 'file' ? 'monospace' : undefined} style={{ whiteSpace: 'pre-wrap' }}>{(evidence as Record<string, string>)[field.name]}</Text>
        </div>
      ))}
    </Stack>
  );
}

export function EvidenceForm({ dispute }: { dispute: DisputeDetail }) {
  const trpc = useTRPC();
  const refreshAfterWrite = useRefreshAfterWrite();
  const setAfterWrite = useSetAfterWrite();
  const [{ texts, files }, setValues] = useState(() => initialValues(dispute.evidence));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [isConfirming, confirm] = useDisclosure(false);
  const isClosed = dispute.responseClosedReason !== null;
  const save = useMutation(trpc.disputes.updateEvidence.mutationOptions({
    onSuccess: async (saved, { submit }) => {
      confirm.close();
      notifySuccess(submit ? 'Evidence submitted' : 'Draft saved', submit ? 'Stripe sent the evidence to the bank.' : 'The evidence is kept at Stripe as a draft.');
      await setAfterWrite(trpc.disputes.get.queryKey({ disputeId: dispute.id }), saved);
      await refreshAfterWrite(trpc.finance.disputes.pathFilter());
    },
    onError: (error) => {
      confirm.close();
      setErrors(Object.fromEntries(Object.entries(readServerFieldErrors(error)).map(([name, message]) => [name.replace(/^evidence\./, ''), message])));
    },
  }));
  const send = (submit: boolean) => {
    const checked = validateWith(ZDisputeEvidence, toEvidence(texts, files));
    if (checked.errors) {
      setErrors(checked.errors);
      confirm.close();
      return;
    }
    setErrors({});
    save.mutate({ disputeId: dispute.id, evidence: checked.data, submit });
  };
  const characters = countEvidenceCharacters(toEvidence(texts, files));
  return (
    <Card withBorder component="section" aria-labelledby="evidence-heading">
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={2} size="h4" id="evidence-heading">Evidence</Title>
          <Text size="sm">{characters.toLocaleString('en')} of {MAX_EVIDENCE_TEXT_CHARACTERS.toLocaleString('en')} characters</Text>
        </Group>
        {isClosed && <Alert color="gray" data-testid="evidence-closed">{dispute.responseClosedReason}.</Alert>}
        {isClosed && <EvidenceSent evidence={dispute.evidence} />}
        {!isClosed && EVIDENCE_FORM_GROUPS.map((group) => (
          <Stack key={group.title} gap="sm" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
            <Text component="legend" fw={600}>{group.title}</Text>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {group.fields.map((field) => {
                if (field.kind === 'file') {
                  return <EvidenceFileField key={field.name} name={field.name} label={field.label} help={field.help} value={files[field.name] ?? null} disabled={isClosed} onChange={(file) => setValues((v) => ({ ...v, files: { ...v.files, [field.name]: file } }))} />;
                }
                const props = {
                  label: field.label, description: field.help, name: field.name, disabled: isClosed, error: errors[field.name],
                  value: texts[field.name] ?? '', onChange: (e: { currentTarget: { value: string } }) => { const value = e.currentTarget.value; setValues((v) => ({ ...v, texts: { ...v.texts, [field.name]: value } })); },
                };
                return field.isLong ? <Textarea key={field.name} autosize minRows={2} maxRows={10} {...props} /> : <TextInput key={field.name} {...props} />;
              })}
            </SimpleGrid>
          </Stack>
        ))}
        {errors.form && <Text c="red" size="sm" role="alert">{errors.form}</Text>}
        <FormError error={save.error} fields={FIELD_NAMES} />
        {!isClosed && (
          <Group justify="flex-end">
            <Button variant="default" loading={save.isPending && !isConfirming} onClick={() => send(false)}>Save draft</Button>
            <Button leftSection={<IconSend size={16} />} onClick={confirm.open}>Submit to Stripe</Button>
          </Group>
        )}
      </Stack>
      <Modal opened={isConfirming} onClose={confirm.close} title="Submit this evidence to Stripe?">
        <Stack gap="sm">
          <List size="sm" spacing={4}>
            <List.Item>Submitting is final: Stripe sends the evidence to the cardholder&apos;s bank, and it cannot be changed or added to afterwards.</List.Item>
            <List.Item>The bank decides, usually within 60 to 75 days; this page then shows the outcome.</List.Item>
            <List.Item>The submission is written to the audit log under your name.</List.Item>
          </List>
          <Group justify="flex-end">
            <Button variant="default" onClick={confirm.close}>Cancel</Button>
            <Button leftSection={<IconSend size={16} />} loading={save.isPending} onClick={() => send(true)}>Submit evidence</Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
