import { useState, type FormEvent } from 'react';
import { Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { ZReplyInput, type SubmissionDetail } from '@marketdesk/shared';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { notifySuccess } from '../../lib/notify.ts';
import { useRefreshAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC } from '../../lib/trpc.ts';

/** The creator answers a change request; the reply puts the submission back in the queue (due in 2 business days). */
export function ReplyForm({ submission }: { submission: SubmissionDetail }) {
  const trpc = useTRPC();
  const refreshAfterWrite = useRefreshAfterWrite();
  const [message, setMessage] = useState('');
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const reply = useMutation(
    trpc.submissions.reply.mutationOptions({
      onSuccess: async () => {
        notifySuccess('Reply sent', 'The submission is back in the review queue.');
        setMessage('');
        await refreshAfterWrite(trpc.submissions.pathFilter());
      },
    }),
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = validateWith(ZReplyInput, { submissionId: submission.id, version: submission.version, message });
    setClientErrors(parsed.errors ?? {});
    if (parsed.data) reply.mutate(parsed.data);
  }
  const errors = { ...(reply.error ? readServerFieldErrors(reply.error) : {}), ...clientErrors };
  return (
    <Card withBorder padding="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={4}>Reply to the moderator</Title>
          <Text size="sm" c="dimmed">Explain what you changed or why the flagged code is safe. To change the package itself, submit a new version.</Text>
          <FormError error={reply.error} fields={['message']} />
          <Textarea label="Reply" required autosize minRows={3} maxLength={5000} value={message} onChange={(e) => setMessage(e.currentTarget.value)} error={errors.message} />
          <Group justify="flex-end"><Button type="submit" loading={reply.isPending}>Send reply</Button></Group>
        </Stack>
      </form>
    </Card>
  );
}
