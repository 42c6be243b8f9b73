import { Badge, Button, Card, Group, Text } from '@mantine/core';
import { DataTable } from 'mantine-datatable';
import type { LicenseDetail } from '@marketdesk/shared';
import { formatDateTime, formatRelative } from '../../lib/format.ts';

type Activation = LicenseDetail['activations'][number];

/** Every machine that activated the license, active ones first; "Free slot" for support. */
export function ActivationsTable({ license, canManage, onFree }: { license: LicenseDetail; canManage: boolean; onFree: (activation: Activation) => void }) {
  return (
    <Card withBorder padding="md" data-testid="activations">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>Activations</Text>
        <Text size="sm" c="dimmed" data-testid="machines-used">{license.activeMachines} of {license.machineLimit} machine slots used</Text>
      </Group>
      <DataTable
        withTableBorder
        borderRadius="sm"
        minHeight={license.activations.length ? undefined : 120}
        idAccessor="id"
        records={license.activations}
        noRecordsText="No machine has activated this license"
        columns={[
          { accessor: 'fingerprint', title: 'Fingerprint', render: (a) => <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>{a.fingerprint}</Text> },
          { accessor: 'name', title: 'Name', render: (a) => a.name ?? <Text size="sm" c="dimmed">—</Text> },
          { accessor: 'createdAt', title: 'Activated', noWrap: true, render: (a) => formatDateTime(a.createdAt) },
          { accessor: 'lastSeenAt', title: 'Last seen', noWrap: true, render: (a) => <span title={formatDateTime(a.lastSeenAt)}>{formatRelative(a.lastSeenAt)}</span> },
          {
            accessor: 'deactivatedAt',
            title: 'Deactivated',
            noWrap: true,
            render: (a) => (a.deactivatedAt ? formatDateTime(a.deactivatedAt) : <Badge variant="light" color="teal">Active</Badge>),
          },
          {
            accessor: 'actions',
            title: '',
            textAlign: 'right',
            hidden: !canManage,
            render: (a) => (a.deactivatedAt ? null : (
              <Button size="xs" variant="light" color="orange" aria-label={`Free the slot of ${a.name ?? a.fingerprint}`} onClick={() => onFree(a)}>Free slot</Button>
            )),
          },
        ]}
      />
    </Card>
  );
}
