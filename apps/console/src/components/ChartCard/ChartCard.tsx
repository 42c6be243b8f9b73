import type { ReactNode } from 'react';
import { Card, Text } from '@mantine/core';

/** A titled card with a chart, or `emptyText` when the period has no points to draw. */
export function ChartCard({ title, testId, hasPoints, emptyText, children }: { title: string; testId: string; hasPoints: boolean; emptyText: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Text fw={600} mb="sm">{title}</Text>
      {hasPoints ? children : <Text size="sm" c="dimmed">{emptyText}</Text>}
    </Card>
  );
}
