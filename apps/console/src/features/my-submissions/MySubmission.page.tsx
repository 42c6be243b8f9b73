import { Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTRPC } from '../../lib/trpc.ts';
import { SubmissionView } from '../moderation/submission-view/SubmissionView.tsx';
import { LastDecision } from './LastDecision.tsx';
import { ReplyForm } from './ReplyForm.tsx';

const SCAN_POLL_MS = 5000;

/** One of the creator's submissions: the same view moderators read, without their decision panel. */
export default function MySubmissionPage() {
  const { submissionId = '' } = useParams();
  const trpc = useTRPC();
  const query = useQuery(
    trpc.submissions.get.queryOptions({ submissionId }, {
      refetchInterval: (q) => (q.state.data?.report?.status === 'PENDING' || q.state.data?.report?.status === 'RUNNING' ? SCAN_POLL_MS : false),
    }),
  );
  const submission = query.data;
  if (!submission) return <Loader m="xl" aria-label="Loading submission" />;
  return (
    <SubmissionView
      submission={submission}
      back={{ to: '/my-submissions', label: 'My submissions' }}
      aside={
        <>
          {submission.lastDecision && <LastDecision decision={submission.lastDecision} />}
          {submission.status === 'CHANGES_REQUESTED' && <ReplyForm submission={submission} />}
        </>
      }
    />
  );
}
