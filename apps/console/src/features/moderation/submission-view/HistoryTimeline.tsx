import { Card, Text, Timeline, Title } from '@mantine/core';
import { IconCheck, IconMessage, IconPencil, IconUpload, IconX } from '@tabler/icons-react';
import { formatDateTime } from '../../../lib/format.ts';
import { HISTORY_COLORS, HISTORY_LABELS, type HistoryKind } from '../labels.ts';

interface HistoryEntry {
  kind: HistoryKind;
  author: string;
  message: string;
  reason: string | null;
  /** Why an approval overrode a critical finding (moderators see it; absent for creators' views that omit it). */
  overrideReason?: string | null;
  createdAt: Date;
}

const ICONS = { APPROVE: IconCheck, REJECT: IconX, REQUEST_CHANGES: IconPencil, REPLY: IconMessage };

/** Submitted, then every decision and creator reply, oldest first. */
export function HistoryTimeline({ submittedAt, history }: { submittedAt: Date; history: readonly HistoryEntry[] }) {
  return (
    <Card withBorder padding="md">
      <Title order={4} mb="sm">History</Title>
      <Timeline active={history.length} bulletSize={22} lineWidth={2} data-testid="history">
        <Timeline.Item bullet={<IconUpload size={12} />} title="Submitted">
          <Text size="xs" c="dimmed">{formatDateTime(submittedAt)}</Text>
        </Timeline.Item>
        {history.map((entry) => {
          const Icon = ICONS[entry.kind];
          return (
            <Timeline.Item key={`${entry.kind}-${entry.createdAt.getTime()}`} bullet={<Icon size={12} />} color={HISTORY_COLORS[entry.kind]} title={HISTORY_LABELS[entry.kind]}>
              <Text size="xs" c="dimmed">{entry.author} · {formatDateTime(entry.createdAt)}</Text>
              {entry.reason && <Text size="sm" fw={500}>{entry.reason}</Text>}
              {entry.message && <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{entry.message}</Text>}
              {entry.overrideReason && (
                <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }} data-testid="override-reason">
                  <Text span fw={600} size="sm">Override of a critical finding: </Text>{entry.overrideReason}
                </Text>
              )}
            </Timeline.Item>
          );
        })}
      </Timeline>
    </Card>
  );
}
