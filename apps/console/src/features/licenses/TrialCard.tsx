import { useState, type ReactNode } from 'react';
import { Badge, Button, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconCalendarPlus } from '@tabler/icons-react';
import type { TrialStatus } from '@marketdesk/shared';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { ExtendTrialDialog } from './ExtendTrialDialog.tsx';

const STATUS_LABELS: Record<TrialStatus, string> = { ACTIVE: 'Active', CONVERTED: 'Converted', EXPIRED: 'Expired unpaid', CANCELED: 'Canceled' };
const STATUS_COLORS: Record<TrialStatus, string> = { ACTIVE: 'blue', CONVERTED: 'teal', EXPIRED: 'red', CANCELED: 'gray' };

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" data-testid={testId}>{children}</Text>
    </Stack>
  );
}

/** The license's trial, when it was issued for one: status, tier, start, end (with support's extensions), conversion; "Extend trial" for support while it is active. Nothing for any other license. */
export function TrialCard({ licenseId, canManage }: { licenseId: string; canManage: boolean }) {
  const trpc = useTRPC();
  const [isExtending, setExtending] = useState(false);
  const { data: trial } = useQuery(trpc.licenses.trial.queryOptions({ licenseId }));
  if (!trial) return null;
  return (
    <Card withBorder padding="md" data-testid="license-trial" component="section" aria-labelledby="license-trial-title">
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <Text fw={600} id="license-trial-title">Trial of {trial.tier.name}</Text>
          <Badge variant="light" color={STATUS_COLORS[trial.status]} data-testid="trial-status">{STATUS_LABELS[trial.status]}</Badge>
        </Group>
        {canManage && trial.status === 'ACTIVE' && <Button variant="light" leftSection={<IconCalendarPlus size={16} />} onClick={() => setExtending(true)}>Extend trial</Button>}
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Fact label="Started">{formatDateTime(new Date(trial.startedAt))}</Fact>
        <Fact label={trial.status === 'ACTIVE' ? 'Ends (card charged then)' : 'Ended'} testId="trial-ends">{formatDateTime(new Date(trial.endsAt))}</Fact>
        <Fact label="Extended by support" testId="trial-extended">{trial.extendedDays === 0 ? 'Not extended' : `${trial.extendedDays} ${trial.extendedDays === 1 ? 'day' : 'days'}`}</Fact>
        <Fact label="Conversion">
          {trial.convertedAt
            ? `Paid ${formatDateTime(new Date(trial.convertedAt))}`
            : trial.status === 'ACTIVE' ? <><MoneyText amount={trial.amount} currency={trial.currency} /> per month at the end</> : 'Not converted'}
        </Fact>
      </SimpleGrid>
      <ExtendTrialDialog licenseId={licenseId} trial={trial} opened={isExtending} onClose={() => setExtending(false)} />
    </Card>
  );
}
