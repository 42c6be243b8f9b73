import { ActionIcon, Anchor, Group, Stack, Text } from '@mantine/core';
import { IconFilter } from '@tabler/icons-react';
import type { DataTableColumn } from 'mantine-datatable';
import { Link } from 'react-router';
import type { LicenseSummary } from '@marketdesk/shared';
import { formatDateTime } from '../../lib/format.ts';
import { LicenseStatusBadge } from './LicenseStatusBadge.tsx';
import type { LicenseFilters } from './useLicenseSearch.ts';

const stop = (event: React.MouseEvent) => event.stopPropagation();

/** Expired in the past reads as such even before the nightly status change. */
function Expiry({ expiresAt }: { expiresAt: Date | null }) {
  if (!expiresAt) return <Text size="sm" c="dimmed">Never</Text>;
  return <Text size="sm" c={expiresAt.getTime() < Date.now() ? 'red' : undefined}>{formatDateTime(expiresAt)}</Text>;
}

export function listLicenseColumns(onFilter: (patch: Partial<Omit<LicenseFilters, 'query'>>) => void): DataTableColumn<LicenseSummary>[] {
  return [
    {
      accessor: 'buyerEmail',
      title: 'Buyer',
      render: (license) => (
        <Stack gap={0}>
          <Anchor component={Link} to={`/licenses/${license.id}`} onClick={stop} size="sm" fw={500}>{license.buyerEmail}</Anchor>
          <Text size="xs" c="dimmed" ff="monospace">{license.id}</Text>
        </Stack>
      ),
    },
    {
      accessor: 'plugin',
      title: 'Plugin',
      render: (license) => (
        <Group gap={6} wrap="nowrap">
          <Text size="sm">{license.plugin.name}</Text>
          <ActionIcon size="xs" variant="subtle" color="gray" aria-label={`Show only ${license.plugin.name}`} title="Show only this plugin's licenses" onClick={(event) => { stop(event); onFilter({ pluginId: license.plugin.id }); }}>
            <IconFilter size={12} />
          </ActionIcon>
        </Group>
      ),
    },
    { accessor: 'status', title: 'Status', render: (license) => <LicenseStatusBadge status={license.status} reason={license.statusReason} /> },
    { accessor: 'expiresAt', title: 'Expires', noWrap: true, render: (license) => <Expiry expiresAt={license.expiresAt} /> },
    {
      accessor: 'activeMachines',
      title: 'Activations',
      textAlign: 'right',
      render: (license) => <Text size="sm" ff="monospace" data-testid="activations-count">{license.activeMachines} / {license.machineLimit}</Text>,
    },
    { accessor: 'issuedAt', title: 'Issued', noWrap: true, render: (license) => formatDateTime(license.issuedAt) },
  ];
}
