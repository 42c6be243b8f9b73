import type { ReactNode } from 'react';
import { Card, Group, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import type { AttentionItemView } from './attention-items.ts';

interface AttentionCardProps {
  view: AttentionItemView;
  /** The big figure: a count, or money. */
  value: ReactNode;
  /** The line under it: the urgent date, or why nothing is shown; none when there is nothing to add. */
  detail: ReactNode | null;
  /** Something waits: an alarm item gets a red edge. */
  isActive: boolean;
  testId: string;
}

/** One "needs you now" figure, the whole card a link to the list it counts. */
export function AttentionCard({ view, value, detail, isActive, testId }: AttentionCardProps) {
  const edge = isActive ? (view.isAlarm ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-blue-6)') : 'var(--mantine-color-default-border)';
  return (
    <UnstyledButton component={Link} to={view.href} data-testid={testId}>
      <Card withBorder padding="md" h="100%" style={{ borderLeft: `4px solid ${edge}` }}>
        <Text size="sm" fw={600}>{view.label}</Text>
        <Group gap="xs" align="baseline">
          <Text fz={28} fw={700} ff="monospace" data-testid="attention-value">{value}</Text>
        </Group>
        {detail !== null && <Text size="sm">{detail}</Text>}
      </Card>
    </UnstyledButton>
  );
}
