import { useState } from 'react';
import { Badge, Button, Card, Group, Progress, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconRotate } from '@tabler/icons-react';
import type { LicenseUsageOutput } from '@marketdesk/shared';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { ResetQuotaDialog } from './ResetQuotaDialog.tsx';

type MetricUsage = LicenseUsageOutput['metrics'][number];

/** Share of the included units used, 0–100 (a quota of 0 included is full as soon as it exists). */
const usedPercent = (m: MetricUsage) => (m.included === 0 ? 100 : Math.min(100, Math.round((m.used / m.included) * 100)));

/**
 * "Usage this period" on support's license page: per quota of the license's tier, included / used
 * / remaining with a progress bar, overage and resets, the credit balance, and "Reset quota" for
 * support (licenses.manage). Nothing for a license whose tier has no quotas.
 */
export function UsageCard({ licenseId, canManage }: { licenseId: string; canManage: boolean }) {
  const trpc = useTRPC();
  const [resetting, setResetting] = useState<MetricUsage | null>(null);
  const { data: usage } = useQuery(trpc.licenses.usage.queryOptions({ licenseId }));
  if (!usage || usage.metrics.length === 0) return null;
  return (
    <Card withBorder padding="md" data-testid="license-usage" component="section" aria-labelledby="license-usage-title">
      <Group justify="space-between" mb="sm" align="flex-start">
        <Stack gap={2}>
          <Text fw={600} id="license-usage-title">Usage this period</Text>
          <Text size="sm" c="dimmed">
            {usage.tier && <>{usage.tier.name} tier · </>}
            {formatDateTime(usage.periodStart)} to {formatDateTime(usage.periodEnd)}
          </Text>
        </Stack>
        <Text size="sm">Credit balance <MoneyText amount={usage.creditBalance} currency={usage.currency} fw={600} /></Text>
      </Group>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Metric</Table.Th>
              <Table.Th ta="right">Included</Table.Th>
              <Table.Th ta="right">Used</Table.Th>
              <Table.Th ta="right">Remaining</Table.Th>
              <Table.Th>Overage</Table.Th>
              {canManage && <Table.Th><VisuallyHidden>Actions</VisuallyHidden></Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {usage.metrics.map((m) => (
              <Table.Tr key={m.metric} data-testid={`usage-${m.metric}`}>
                <Table.Td>
                  <Stack gap={4}>
                    <Group gap="xs">
                      <Text size="sm" ff="monospace">{m.metric}</Text>
                      <Badge size="xs" variant="light" color={m.isHard ? 'red' : 'blue'}>{m.isHard ? 'Hard' : 'Soft'}</Badge>
                      {m.isSpent && <Badge size="xs" color="red">Quota exceeded</Badge>}
                    </Group>
                    <Progress value={usedPercent(m)} color={m.isSpent ? 'red' : usedPercent(m) >= 80 ? 'orange' : 'teal'} size="sm" aria-label={`${m.metric}: ${m.used} of ${m.included} used`} />
                    {m.resetCount > 0 && m.resetAt && <Text size="xs" c="dimmed">Reset {m.resetCount}× this period, last {formatDateTime(m.resetAt)}</Text>}
                  </Stack>
                </Table.Td>
                <Table.Td ta="right">{m.included.toLocaleString('en-US')}</Table.Td>
                <Table.Td ta="right" data-testid={`usage-${m.metric}-used`}>{m.used.toLocaleString('en-US')}</Table.Td>
                <Table.Td ta="right">{m.remaining.toLocaleString('en-US')}</Table.Td>
                <Table.Td>
                  {m.overageQuantity > 0
                    ? <Text size="sm">{m.overageQuantity.toLocaleString('en-US')} units · <MoneyText amount={m.overageAmount} currency={usage.currency} /></Text>
                    : <Text size="sm" c="dimmed">{m.isHard ? 'Not billed (hard quota)' : 'None'}</Text>}
                </Table.Td>
                {canManage && (
                  <Table.Td ta="right">
                    <Button size="xs" variant="light" color="orange" leftSection={<IconRotate size={14} />} disabled={m.used === 0} onClick={() => setResetting(m)} aria-label={`Reset quota of ${m.metric}`}>
                      Reset quota
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ResetQuotaDialog licenseId={licenseId} metric={resetting} onClose={() => setResetting(null)} />
    </Card>
  );
}
