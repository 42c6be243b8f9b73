import { Card, Text, Timeline } from '@mantine/core';
import { IconBan, IconDeviceDesktopOff, IconKey, IconPlayerPause, IconPlayerPlay, IconPoint } from '@tabler/icons-react';
import type { LicenseDetail } from '@marketdesk/shared';
import { formatPreciseDateTime } from '../../lib/format.ts';
import { HISTORY_ACTION_LABELS } from './labels.ts';

type Entry = LicenseDetail['history'][number];

const ICONS: Record<string, typeof IconKey> = {
  'licenses.issue': IconKey, 'licenses.suspend': IconPlayerPause, 'licenses.reinstate': IconPlayerPlay, 'licenses.revoke': IconBan,
  'licenses.deactivateMachine': IconDeviceDesktopOff, 'licenses.payment.suspended': IconPlayerPause, 'licenses.payment.active': IconPlayerPlay,
  'licenses.payment.revoked': IconBan,
};
const COLORS: Record<string, string> = { 'licenses.revoke': 'red', 'licenses.payment.revoked': 'red', 'licenses.suspend': 'orange', 'licenses.payment.suspended': 'orange', 'licenses.reinstate': 'teal', 'licenses.payment.active': 'teal', 'licenses.issue': 'grape' };

/** `status` from an audit row's before/after JSON, when it has one. */
function readStatus(value: unknown): string | undefined {
  return value && typeof value === 'object' && 'status' in value && typeof value.status === 'string' ? value.status : undefined;
}

function describeChange(entry: Entry): string | null {
  const [before, after] = [readStatus(entry.before), readStatus(entry.after)];
  if (after && before && before !== after) return `${before} → ${after}`;
  return after ?? null;
}

/** Every audit-log row about this license, newest first: who did what, when, and why. */
export function LicenseHistory({ history }: { history: readonly Entry[] }) {
  return (
    <Card withBorder padding="md" data-testid="license-history">
      <Text fw={600} mb="md">History</Text>
      {history.length === 0 ? (
        <Text size="sm" c="dimmed">Nothing recorded yet.</Text>
      ) : (
        <Timeline bulletSize={24} lineWidth={2}>
          {history.map((entry) => {
            const Icon = ICONS[entry.action] ?? IconPoint;
            const change = describeChange(entry);
            return (
              <Timeline.Item key={entry.id} bullet={<Icon size={14} />} color={COLORS[entry.action] ?? 'gray'} title={HISTORY_ACTION_LABELS[entry.action] ?? entry.action} data-testid="history-entry">
                <Text size="xs" c="dimmed">{entry.actorEmail} · {formatPreciseDateTime(entry.occurredAt)}{change ? ` · ${change}` : ''}</Text>
                {entry.reason && <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{entry.reason}</Text>}
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
    </Card>
  );
}
