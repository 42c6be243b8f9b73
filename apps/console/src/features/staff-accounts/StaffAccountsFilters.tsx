import { Group, Input, SegmentedControl, Select } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { ROLES, type Role } from '@marketdesk/shared';
import { FilterTextInput } from '../../components/FilterTextInput/FilterTextInput.tsx';
import { ROLE_LABELS } from '../../components/RoleBadges/RoleBadges.tsx';
import type { StaffAccountsFilters as Filters } from './useStaffAccountsQuery.ts';

interface StaffAccountsFiltersProps {
  filters: Filters;
  onChange: (patch: Partial<Pick<Filters, 'search' | 'role' | 'status'>>) => void;
}

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));
const STATUS_OPTIONS = [
  { value: 'all', label: 'All' },
  { value: 'active', label: 'Active' },
  { value: 'disabled', label: 'Disabled' },
  { value: 'locked', label: 'Locked out' },
];

export function StaffAccountsFilters({ filters, onChange }: StaffAccountsFiltersProps) {
  return (
    <Group align="flex-end" gap="md">
      <FilterTextInput
        label="Search"
        placeholder="Name or email"
        leftSection={<IconSearch size={16} />}
        maxLength={200}
        w={280}
        value={filters.search ?? ''}
        onChange={(search) => onChange({ search: search || undefined })}
      />
      <Select
        label="Role"
        placeholder="Any role"
        data={ROLE_OPTIONS}
        clearable
        w={180}
        value={filters.role ?? null}
        onChange={(role) => onChange({ role: (role as Role | null) ?? undefined })}
      />
      <Input.Wrapper label="Status">
        <div>
          <SegmentedControl data={STATUS_OPTIONS} value={filters.status} onChange={(status) => onChange({ status: status as Filters['status'] })} />
        </div>
      </Input.Wrapper>
    </Group>
  );
}
