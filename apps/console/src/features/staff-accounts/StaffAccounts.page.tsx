import { useState } from 'react';
import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { hasPermission, type StaffUser } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { RoleBadges } from '../../components/RoleBadges/RoleBadges.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { AccountAccessModal } from './AccountAccessModal.tsx';
import { CreateAccountModal } from './CreateAccountModal.tsx';
import { EditRolesModal } from './EditRolesModal.tsx';
import { ResetPasswordModal } from './ResetPasswordModal.tsx';
import { StaffAccountActions } from './StaffAccountActions.tsx';
import { StaffAccountsFilters } from './StaffAccountsFilters.tsx';
import { PAGE_SIZES, useStaffAccountsQuery } from './useStaffAccountsQuery.ts';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';

export default function StaffAccountsPage() {
  const canManage = hasPermission(useSignedInUser().roles, 'users.manage');
  const { filters, query, setFilter, setPage } = useStaffAccountsQuery();
  const [isCreating, setIsCreating] = useState(false);
  const [editingRolesOf, setEditingRolesOf] = useState<StaffUser | null>(null);
  const [resettingPasswordOf, setResettingPasswordOf] = useState<StaffUser | null>(null);
  const [changingAccessOf, setChangingAccessOf] = useState<StaffUser | null>(null);

  const columns: DataTableColumn<StaffUser>[] = [
    { accessor: 'name', title: 'Name' },
    { accessor: 'email', title: 'Email' },
    { accessor: 'roles', title: 'Roles', render: (account) => <RoleBadges roles={account.roles} /> },
    {
      accessor: 'isDisabled',
      title: 'Status',
      render: (account) => (account.isDisabled ? <Badge color="gray">Disabled</Badge> : <Badge color="teal" variant="light">Active</Badge>),
    },
    {
      accessor: 'lastSignInAt',
      title: 'Last sign-in',
      render: (account) => (account.lastSignInAt ? formatDateTime(account.lastSignInAt) : <Text span c="dimmed" size="sm">Never</Text>),
    },
    { accessor: 'createdAt', title: 'Created', render: (account) => formatDateTime(account.createdAt) },
    {
      accessor: 'actions',
      title: '',
      hidden: !canManage,
      textAlign: 'right',
      render: (account) => <StaffAccountActions account={account} onEditRoles={setEditingRolesOf} onChangeAccess={setChangingAccessOf} onResetPassword={setResettingPasswordOf} />,
    },
  ];

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <PageTitle>Staff accounts</PageTitle>
        {canManage && (
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => setIsCreating(true)}>
            Create account
          </Button>
        )}
      </Group>
      <StaffAccountsFilters filters={filters} onChange={setFilter} />
      <DataTable
        withTableBorder
        borderRadius="md"
        highlightOnHover
        minHeight={240}
        idAccessor="id"
        columns={columns}
        records={query.data?.items ?? []}
        fetching={query.isFetching}
        noRecordsText="No staff accounts match these filters"
        totalRecords={query.data?.total ?? 0}
        recordsPerPage={filters.pageSize}
        page={filters.page}
        onPageChange={setPage}
        recordsPerPageOptions={PAGE_SIZES}
        onRecordsPerPageChange={(pageSize) => setFilter({ pageSize })}
        paginationText={({ from, to, totalRecords }) => `${from}–${to} of ${totalRecords}`}
      />
      <CreateAccountModal opened={isCreating} onClose={() => setIsCreating(false)} />
      <EditRolesModal account={editingRolesOf} onClose={() => setEditingRolesOf(null)} />
      <AccountAccessModal account={changingAccessOf} onClose={() => setChangingAccessOf(null)} />
      <ResetPasswordModal account={resettingPasswordOf} onClose={() => setResettingPasswordOf(null)} />
    </Stack>
  );
}
