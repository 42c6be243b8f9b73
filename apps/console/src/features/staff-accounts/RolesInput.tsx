import { MultiSelect, type MultiSelectProps } from '@mantine/core';
import { ROLES, type Role } from '@marketdesk/shared';
import { ROLE_LABELS } from '../../components/RoleBadges/RoleBadges.tsx';

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

interface RolesInputProps extends Omit<MultiSelectProps, 'value' | 'onChange' | 'data'> {
  value: Role[];
  onChange: (roles: Role[]) => void;
}

export function RolesInput({ value, onChange, ...props }: RolesInputProps) {
  return (
    <MultiSelect
      label="Roles"
      placeholder={value.length ? undefined : 'Pick one or more'}
      data={ROLE_OPTIONS}
      value={value}
      onChange={(next) => onChange(ROLES.filter((role) => next.includes(role)))}
      comboboxProps={{ withinPortal: true }}
      {...props}
    />
  );
}
