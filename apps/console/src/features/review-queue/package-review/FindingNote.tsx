import { Badge, Code, Group, Text } from '@mantine/core';
import type { Finding } from '../../moderation/submission-view/Findings.tsx';
import { SEVERITY_COLORS } from '../../moderation/labels.ts';

/** One finding written under the line it is about: severity, message and rule, in the code's flow. */
export function FindingNote({ finding }: { finding: Finding }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start" px="xs" py={4} data-testid="line-finding" data-line={finding.line ?? undefined} role="note" aria-label={`${finding.severity} finding${finding.line === null ? '' : ` on line ${finding.line}`}`}>
      <Badge color={SEVERITY_COLORS[finding.severity]} variant="filled" autoContrast size="sm" style={{ flexShrink: 0 }}>{finding.severity}</Badge>
      <Text size="sm" style={{ whiteSpace: 'normal', minWidth: 0 }}>
        {finding.message} <Code>{finding.ruleId}</Code>
      </Text>
    </Group>
  );
}

/** Findings by 1-based line; whole-file findings (line null) under key 0. */
export function groupFindingsByLine(findings: readonly Finding[]): Map<number, Finding[]> {
  const byLine = new Map<number, Finding[]>();
  for (const finding of findings) {
    const line = finding.line ?? 0;
    byLine.set(line, [...(byLine.get(line) ?? []), finding]);
  }
  return byLine;
}
