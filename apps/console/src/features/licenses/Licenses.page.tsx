import { useState } from 'react';
import { Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { IconBan, IconPlayerPause, IconPlayerPlay, IconX } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { hasPermission, LICENSE_RESULT_CODES, LICENSE_STATUSES, type LicenseResultCode, type LicenseStatus, type LicenseSummary } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { FilterTextInput } from '../../components/FilterTextInput/FilterTextInput.tsx';
import { KeysetDataTable } from '../../components/KeysetDataTable/KeysetDataTable.tsx';
import { useRefreshAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { BulkLicenseActionModal, type BulkLicenseAction } from './BulkLicenseActionModal.tsx';
import { LICENSE_STATUS_LABELS } from './labels.ts';
import { listLicenseColumns } from './license-columns.tsx';
import { useLicenseSearch } from './useLicenseSearch.ts';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';

const STATUS_OPTIONS = LICENSE_STATUSES.map((status) => ({ value: status, label: LICENSE_STATUS_LABELS[status] }));
const MATCHED_BY: Record<string, string> = { key: 'the pasted key', email: 'part of the buyer email', id: 'license, key or purchase id', plugin: 'plugin name or part of the buyer email' };
const VALIDATION_CODE_OPTIONS = LICENSE_RESULT_CODES.filter((code) => code !== 'NOT_FOUND').map((code) => ({ value: code, label: code }));

/** Support finds licenses by pasted key, part of the buyer email, plugin, id or a code answered in the last 24 h; suspends, reinstates or revokes a selection. */
export default function LicensesPage() {
  const trpc = useTRPC();
  const refreshAfterWrite = useRefreshAfterWrite();
  const navigate = useNavigate();
  const canManage = hasPermission(useSignedInUser().roles, 'licenses.manage');
  const { filters, query, licenses, matchedBy, setQuery, setFilters, clearFilters } = useLicenseSearch();
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const [bulk, setBulk] = useState<BulkLicenseAction | null>(null);
  const selected = licenses.filter((license) => selectedIds.includes(license.id));
  const hasFilters = Boolean(filters.query || filters.status || filters.pluginId || filters.validationCode);
  const selection = canManage
    ? {
        selectedRecords: selected,
        onSelectedRecordsChange: (records: LicenseSummary[]) => setSelectedIds(records.map((record) => record.id)),
        isRecordSelectable: (license: LicenseSummary) => license.status !== 'REVOKED',
        getRecordSelectionCheckboxProps: (license: LicenseSummary) => ({ 'aria-label': `Select license of ${license.buyerEmail} for ${license.plugin.name}` }),
      }
    : {};
  return (
    <Stack gap="md">
      <div>
        <PageTitle>Licenses</PageTitle>
        <Text size="sm" c="dimmed">Paste a license key, or search by any part of the buyer email, plugin name, or license, key or purchase id.</Text>
      </div>
      <Group align="flex-end" gap="md">
        <FilterTextInput label="Search licenses" placeholder="eyJ… key, part of an email, plugin name or id" w={420} maxLength={4096} value={filters.query} onChange={setQuery} />
        <Select label="Status" placeholder="Any status" data={STATUS_OPTIONS} clearable w={170} value={filters.status ?? null} onChange={(status) => setFilters({ status: (status as LicenseStatus | null) ?? undefined })} />
        <Select label="Answered in the last 24 h" placeholder="Any answer" data={VALIDATION_CODE_OPTIONS} clearable w={260} value={filters.validationCode ?? null} onChange={(code) => setFilters({ validationCode: (code as LicenseResultCode | null) ?? undefined })} />
        {filters.pluginId && (
          <Button variant="light" size="sm" rightSection={<IconX size={14} />} aria-label="Show every plugin's licenses" onClick={() => setFilters({ pluginId: undefined })}>
            Plugin: {licenses.find((license) => license.plugin.id === filters.pluginId)?.plugin.name ?? filters.pluginId}
          </Button>
        )}
        {hasFilters && <Button variant="subtle" onClick={clearFilters}>Clear filters</Button>}
      </Group>
      {filters.query && matchedBy && matchedBy !== 'all' && <Text size="xs" c="dimmed" data-testid="matched-by">Matched by {MATCHED_BY[matchedBy]}</Text>}
      {canManage && selected.length > 0 && (
        <Paper withBorder p="xs" radius="md" bg="var(--mantine-primary-color-light)" data-testid="selection-bar">
          <Group justify="space-between">
            <Text size="sm" fw={500}>{selected.length} selected</Text>
            <Group gap="xs">
              <Button size="xs" color="orange" leftSection={<IconPlayerPause size={14} />} onClick={() => setBulk({ action: 'suspend', licenses: selected })}>Suspend selected</Button>
              <Button size="xs" color="teal" leftSection={<IconPlayerPlay size={14} />} onClick={() => setBulk({ action: 'reinstate', licenses: selected })}>Reinstate selected</Button>
              <Button size="xs" color="red" leftSection={<IconBan size={14} />} onClick={() => setBulk({ action: 'revoke', licenses: selected })}>Revoke selected</Button>
              <Button size="xs" variant="subtle" onClick={() => setSelectedIds([])}>Clear selection</Button>
            </Group>
          </Group>
        </Paper>
      )}
      <KeysetDataTable
        query={query}
        highlightOnHover
        columns={listLicenseColumns(setFilters)}
        records={licenses}
        fetching={query.isPending || query.isPlaceholderData}
        noRecordsText={hasFilters ? 'No license matches this search' : 'No licenses yet'}
        onRowClick={({ record }) => void navigate(`/licenses/${record.id}`)}
        {...selection}
      />
      <BulkLicenseActionModal
        bulk={bulk}
        onClose={() => setBulk(null)}
        onDone={() => { setSelectedIds([]); return refreshAfterWrite(trpc.licenses.pathFilter()); }}
      />
    </Stack>
  );
}
