import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { MAX_REVIEW_REPLY, ZReviewReplyInput } from '@marketdesk/shared';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { notifySuccess } from '../../lib/notify.ts';
import { useRefreshAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC, type RouterOutputs } from '../../lib/trpc.ts';

type Review = RouterOutputs['reviews']['own']['items'][number];

/** Reply to a review, or edit the reply: one public reply per review, checked with the API's schema before it is sent. */
export function ReplyDialog({ review, onClose }: { review: Review | null; onClose: () => void }) {
  return (
    <Modal opened={review !== null} onClose={onClose} title={review?.reply ? 'Edit your reply' : 'Reply to the review'} size="lg">
      {review && <ReplyForm review={review} onClose={onClose} />}
    </Modal>
  );
}

function ReplyForm({ review, onClose }: { review: Review; onClose: () => void }) {
  const trpc = useTRPC();
  const refreshAfterWrite = useRefreshAfterWrite();
  const [body, setBody] = useState(review.reply?.body ?? '');
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const reply = useMutation(trpc.reviews.reply.mutationOptions({
    onSuccess: async () => {
      await refreshAfterWrite(trpc.reviews.own.pathFilter());
      notifySuccess(review.reply ? 'Reply updated' : 'Reply published', `Your reply to the ${review.rating}-star review of ${review.plugin.name} is public.`);
      onClose();
    },
  }));
  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = validateWith(ZReviewReplyInput, { reviewId: review.id, body });
    setClientErrors(parsed.errors ?? {});
    if (parsed.data) reply.mutate(parsed.data);
  }
  const errors = { ...(reply.error ? readServerFieldErrors(reply.error) : {}), ...clientErrors };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError error={reply.error} fields={['body']} />
        {review.body && <Text size="sm" c="dimmed" lineClamp={4}>“{review.body}”</Text>}
        <Textarea
          label="Your reply" description={`Public, under the review (up to ${MAX_REVIEW_REPLY} characters). You can edit it later.`}
          autosize minRows={4} maxRows={12} value={body} data-autofocus
          onChange={(e) => {
            setBody(e.currentTarget.value);
            setClientErrors({});
          }}
          error={errors.body ?? errors.reviewId}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={reply.isPending}>{review.reply ? 'Save reply' : 'Publish reply'}</Button>
        </Group>
      </Stack>
    </form>
  );
}
