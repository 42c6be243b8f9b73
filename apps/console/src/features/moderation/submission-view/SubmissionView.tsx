import type { ReactNode } from 'react';
import { Anchor, Grid, Group, Stack, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { SubmissionDetail } from '@marketdesk/shared';
import { formatDateTime } from '../../../lib/format.ts';
import { DueDateBadge, QueueReasonBadges, SubmissionStatusBadge } from '../badges.tsx';
import { HistoryTimeline } from './HistoryTimeline.tsx';
import { LicensingSection } from './LicensingSection.tsx';
import { PackageFiles } from './PackageFiles.tsx';
import { PackageMetadata } from './PackageMetadata.tsx';
import type { Finding } from './Findings.tsx';
import { QualityReport } from './QualityReport.tsx';
import { readBreakdown } from './read-breakdown.ts';
import { PageTitle } from '../../../components/PageTitle/PageTitle.tsx';

interface SubmissionViewProps {
  submission: SubmissionDetail;
  back: { to: string; label: string };
  /** Beside the report: the moderator's decision panel, or the creator's reply form. */
  aside?: ReactNode;
  reportActions?: ReactNode;
  /** Wraps the report and file list, e.g. in the moderator's tabs (report, files, changes). */
  renderMain?: (overview: ReactNode) => ReactNode;
  /** Called when the reader opens a finding's line (the moderator's Files tab). */
  onOpenFinding?: (finding: Finding) => void;
  /** Staff's creator page and plugin page, linked from the header when given. */
  creatorHref?: string;
  pluginHref?: string;
}

/** One submission as both moderators and its creator see it: package, report, history. */
export function SubmissionView({ submission, back, aside, reportActions, renderMain, onOpenFinding, creatorHref, pluginHref }: SubmissionViewProps) {
  const breakdown = readBreakdown(submission.report?.breakdown);
  const overview = (
    <Stack gap="md">
      <QualityReport report={submission.report} breakdown={breakdown} actions={reportActions} onOpenFinding={onOpenFinding} />
      <PackageFiles files={breakdown?.files ?? []} />
    </Stack>
  );
  return (
    <Stack gap="md">
      <Anchor component={Link} to={back.to} size="sm">
        <Group gap={4}><IconArrowLeft size={14} />{back.label}</Group>
      </Anchor>
      <div>
        <Group gap="sm" align="center">
          <PageTitle style={{ wordBreak: 'break-all' }}>{submission.plugin.name}@{submission.pluginVersion}</PageTitle>
          <span data-testid="submission-status"><SubmissionStatusBadge status={submission.status} size="lg" /></span>
          {submission.status === 'PENDING' && <DueDateBadge dueAt={submission.dueAt} />}
        </Group>
        <Group gap="sm" mt={6}>
          <Text size="sm" c="dimmed">
            by {creatorHref ? <Anchor component={Link} to={creatorHref} size="sm" underline="always" data-testid="submission-creator-link">{submission.creator.displayName}</Anchor> : submission.creator.displayName} · submitted {formatDateTime(submission.submittedAt)}
          </Text>
          {pluginHref && <Anchor component={Link} to={pluginHref} size="sm" data-testid="submission-plugin-link">Plugin page</Anchor>}
          <QueueReasonBadges reasons={submission.queueReasons} />
        </Group>
      </div>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          {renderMain ? renderMain(overview) : overview}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            {aside}
            <PackageMetadata manifest={submission.manifest} sizeBytes={submission.sizeBytes} />
            <LicensingSection licensing={submission.licensing} />
            <HistoryTimeline submittedAt={submission.submittedAt} history={submission.history} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
