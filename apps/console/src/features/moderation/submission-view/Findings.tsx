import { Accordion, Anchor, Badge, Code, Group, Paper, Stack, Text } from '@mantine/core';
import { SEVERITIES_DESCENDING, SEVERITY_COLORS, type Severity } from '../labels.ts';

export interface Finding {
  id: string;
  ruleId: string;
  severity: Severity;
  file: string;
  line: number | null;
  column: number | null;
  message: string;
  snippet: string | null;
}

/** Groups open at first: what a reviewer must read; LOW and INFO stay one click away. */
const OPEN_BY_DEFAULT: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM'];

/** "lib/index.js:12:5", or the file alone for a finding about the whole file. */
export function formatLocation(finding: Pick<Finding, 'file' | 'line' | 'column'>): string {
  if (finding.line === null) return finding.file;
  return finding.column === null ? `${finding.file}:${finding.line}` : `${finding.file}:${finding.line}:${finding.column}`;
}

/** The scanner's findings, most severe first, each down to file and line with its code line. */
export function Findings({ findings, onOpen }: { findings: readonly Finding[]; onOpen?: (finding: Finding) => void }) {
  if (findings.length === 0) return <Text size="sm" c="dimmed">The scanner found nothing to flag.</Text>;
  const groups = SEVERITIES_DESCENDING.map((severity) => ({ severity, items: findings.filter((finding) => finding.severity === severity) })).filter((group) => group.items.length > 0);
  return (
    <Accordion multiple variant="contained" defaultValue={OPEN_BY_DEFAULT} data-testid="findings">
      {groups.map(({ severity, items }) => (
        <Accordion.Item key={severity} value={severity}>
          <Accordion.Control>
            <Group gap="xs">
              <Badge color={SEVERITY_COLORS[severity]} variant="filled">{severity}</Badge>
              <Text size="sm">{items.length} {items.length === 1 ? 'finding' : 'findings'}</Text>
            </Group>
          </Accordion.Control>
          <Accordion.Panel>
            <Stack gap="xs">{items.map((finding) => <FindingItem key={finding.id} finding={finding} onOpen={onOpen} />)}</Stack>
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}

function FindingItem({ finding, onOpen }: { finding: Finding; onOpen?: (finding: Finding) => void }) {
  const location = formatLocation(finding);
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="finding">
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        {onOpen ? (
          <Anchor component="button" type="button" size="sm" ff="monospace" fw={600} ta="left" style={{ wordBreak: 'break-all' }} onClick={() => onOpen(finding)} aria-label={`Show ${location} in the file`}>{location}</Anchor>
        ) : (
          <Text size="sm" ff="monospace" fw={600} style={{ wordBreak: 'break-all' }}>{location}</Text>
        )}
        <Code>{finding.ruleId}</Code>
      </Group>
      <Text size="sm" mt={4}>{finding.message}</Text>
      {finding.snippet && (
        <Code block mt={6} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {finding.line !== null ? `${finding.line} │ ${finding.snippet}` : finding.snippet}
        </Code>
      )}
    </Paper>
  );
}
