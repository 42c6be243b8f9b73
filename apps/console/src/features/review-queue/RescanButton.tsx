import { Button } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { IconRefresh } from '@tabler/icons-react';
import type { SubmissionDetail } from '@marketdesk/shared';
import { notifyFailure, notifySuccess } from '../../lib/notify.ts';
import { useSetAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC } from '../../lib/trpc.ts';

/** Queues a new scan of the package; the page then shows it running. */
export function RescanButton({ submission }: { submission: SubmissionDetail }) {
  const trpc = useTRPC();
  const setAfterWrite = useSetAfterWrite();
  const rescan = useMutation(
    trpc.queue.rescan.mutationOptions({
      onSuccess: async (detail) => {
        await setAfterWrite(trpc.queue.get.queryKey({ submissionId: detail.id }), detail);
        notifySuccess('Re-scan queued', 'The report updates here when the scanner finishes.');
      },
      onError: (error) => notifyFailure('Could not queue a re-scan', error),
    }),
  );
  const isScanning = submission.report?.status === 'PENDING' || submission.report?.status === 'RUNNING';
  return (
    <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} loading={rescan.isPending} disabled={isScanning} onClick={() => rescan.mutate({ submissionId: submission.id })}>
      Re-scan
    </Button>
  );
}
