import type { ReactNode } from 'react';
import { Alert, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { SubmissionDetail } from '@marketdesk/shared';
import { formatDateTime } from '../../../lib/format.ts';
import { ReportStatusBadge } from '../badges.tsx';
import { Findings, type Finding } from './Findings.tsx';
import type { ScoreBreakdown as Breakdown } from './read-breakdown.ts';
import { ScoreBreakdown } from './ScoreBreakdown.tsx';

interface QualityReportProps {
  report: SubmissionDetail['report'];
  breakdown: Breakdown | null;
  /** e.g. the moderator's re-scan button. */
  actions?: ReactNode;
  /** Opens a finding's file at its line (moderators); without it findings are read in place. */
  onOpenFinding?: (finding: Finding) => void;
}

/** The newest scan of the package: its state, scores and findings. */
export function QualityReport({ report, breakdown, actions, onOpenFinding }: QualityReportProps) {
  return (
    <Card withBorder padding="md">
      <Group justify="space-between" mb="sm">
        <Group gap="sm">
          <Title order={4}>Quality report</Title>
          <ReportStatusBadge status={report?.status ?? null} />
          {report?.finishedAt && <Text size="xs" c="dimmed">finished {formatDateTime(report.finishedAt)}</Text>}
        </Group>
        {actions}
      </Group>
      <ReportBody report={report} breakdown={breakdown} onOpenFinding={onOpenFinding} />
    </Card>
  );
}

function ReportBody({ report, breakdown, onOpenFinding }: Omit<QualityReportProps, 'actions'>) {
  if (!report) return <Text size="sm" c="dimmed">This submission has no quality report yet.</Text>;
  if (report.status === 'PENDING' || report.status === 'RUNNING') {
    return (
      <Group gap="sm">
        <Loader size="sm" />
        <Text size="sm">The scanner is {report.status === 'RUNNING' ? 'reading' : 'about to read'} this package; the report appears here when it finishes.</Text>
      </Group>
    );
  }
  if (report.status === 'FAILED') {
    return (
      <Alert color="red" icon={<IconAlertTriangle />} title="The scan failed" data-testid="scan-failure">
        {report.failureReason ?? 'No reason was recorded.'}
      </Alert>
    );
  }
  return (
    <Stack gap="md">
      <ScoreBreakdown scores={report} breakdown={breakdown} />
      {breakdown && breakdown.notAnalyzed.length > 0 && (
        <Alert color="yellow" title="Not analyzed">
          {breakdown.notAnalyzed.map((item) => `${item.file} (${item.reason})`).join(', ')}
        </Alert>
      )}
      <Title order={5}>Findings ({report.findings.length})</Title>
      <Findings findings={report.findings} onOpen={onOpenFinding} />
    </Stack>
  );
}
