import { useState } from 'react';
import { Loader } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useLocation, useParams } from 'react-router';
import { hasPermission, type SubmissionDetail } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { useSearchParamsPatch } from '../../lib/search-params.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { ConflictModal } from '../moderation/ConflictModal.tsx';
import { ShortcutsHelp } from '../moderation/ShortcutsHelp.tsx';
import { SubmissionView } from '../moderation/submission-view/SubmissionView.tsx';
import { useNow } from '../moderation/use-now.ts';
import { useShortcuts, type Shortcut } from '../moderation/use-shortcuts.ts';
import { DecisionModal, type DecisionKind } from './DecisionModal.tsx';
import { DecisionPanel, type ClaimState } from './DecisionPanel.tsx';
import { RescanButton } from './RescanButton.tsx';
import { CreatorRecordCard } from '../creators/CreatorRecordCard.tsx';
import { useSubmissionClaimHeartbeat } from './useClaimHeartbeat.ts';
import { useClaimMutations } from './useClaimMutations.ts';
import { fileLineSearch, PackageReviewTabs } from './package-review/PackageReviewTabs.tsx';

const SCAN_POLL_MS = 5000;
const isScanning = (detail: SubmissionDetail | undefined) => detail?.report?.status === 'PENDING' || detail?.report?.status === 'RUNNING';

/**
 * A submission under review. What the page shows is what a decision is made on: it is not
 * refreshed behind the moderator's back (only while a scan runs), and a decision carries the
 * version shown, so a stale page gets the conflict dialog instead of deciding blind.
 */
export default function ReviewSubmissionPage() {
  const { submissionId = '' } = useParams();
  const trpc = useTRPC();
  const query = useQuery(
    trpc.queue.get.queryOptions({ submissionId }, { refetchOnWindowFocus: false, refetchInterval: (q) => (isScanning(q.state.data) ? SCAN_POLL_MS : false) }),
  );
  if (!query.data) return <Loader m="xl" aria-label="Loading submission" />;
  return <ReviewSubmission submission={query.data} reload={() => query.refetch()} isReloading={query.isRefetching} />;
}

function ReviewSubmission({ submission, reload, isReloading }: { submission: SubmissionDetail; reload: () => Promise<unknown>; isReloading: boolean }) {
  const user = useSignedInUser();
  const location = useLocation();
  // Kept from the first render: the tabs change the search and drop the navigation's state.
  const [queueSearch] = useState(() => (location.state as { queueSearch?: string } | null)?.queueSearch ?? '');
  const canDecide = hasPermission(user.roles, 'queue.decide');
  const isOwnPlugin = submission.creator.id === user.creatorId;
  const now = useNow(1000, submission.claim !== null);
  const liveClaim = submission.claim && submission.claim.expiresAt > now ? submission.claim : null;
  const holder = !liveClaim ? 'nobody' : liveClaim.holderId === user.id ? 'me' : 'other';
  const { claim, release } = useClaimMutations();
  useSubmissionClaimHeartbeat(submission.id, holder === 'me');
  const [decision, setDecision] = useState<DecisionKind | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [isHelpOpen, help] = useDisclosure(false);
  const [, updateSearch] = useSearchParamsPatch();

  const claimState: ClaimState = {
    holder,
    remainingMs: liveClaim ? liveClaim.expiresAt.getTime() - now.getTime() : 0,
    isBusy: claim.isPending || release.isPending,
    claim: () => claim.mutate({ submissionId: submission.id }),
    release: () => release.mutate({ submissionId: submission.id }),
  };
  const isDecidable = canDecide && submission.status === 'PENDING' && !isOwnPlugin;
  const decideWithKey = (kind: DecisionKind) => holder === 'me' && setDecision(kind);
  const shortcuts: Shortcut[] = [
    ...(isDecidable
      ? [
          { keys: ['c'], description: 'Claim', run: () => holder === 'nobody' && claimState.claim() },
          { keys: ['a'], description: 'Approve', run: () => decideWithKey('APPROVE') },
          { keys: ['r'], description: 'Reject', run: () => decideWithKey('REJECT') },
        ]
      : []),
    { keys: ['?'], description: 'Show these shortcuts', run: help.open },
  ];
  useShortcuts(shortcuts, decision === null && conflict === null && !isHelpOpen);

  return (
    <>
      <SubmissionView
        submission={submission}
        back={{ to: `/queue${queueSearch}`, label: 'Review queue' }}
        aside={(
          <>
            {canDecide && <DecisionPanel submission={submission} isOwnPlugin={isOwnPlugin} claim={claimState} onDecide={setDecision} />}
            {hasPermission(user.roles, 'reputation.read') && <CreatorRecordCard creatorId={submission.creator.id} />}
          </>
        )}
        creatorHref={hasPermission(user.roles, 'reputation.read') ? `/creators/${submission.creator.id}` : undefined}
        pluginHref={hasPermission(user.roles, 'reviews.read') ? `/plugins/${submission.plugin.id}` : undefined}
        reportActions={canDecide && <RescanButton submission={submission} />}
        renderMain={(overview) => <PackageReviewTabs submission={submission} report={overview} />}
        onOpenFinding={(finding) => updateSearch(fileLineSearch(finding.file, finding.line), { replace: false })}
      />
      <DecisionModal kind={decision} submission={submission} onClose={() => setDecision(null)} onConflict={(message) => { setDecision(null); setConflict(message); }} />
      <ConflictModal message={conflict} isReloading={isReloading} onClose={() => setConflict(null)} onReload={() => void reload().then(() => setConflict(null))} />
      <ShortcutsHelp shortcuts={shortcuts} opened={isHelpOpen} onClose={help.close} />
    </>
  );
}
