import { ActionIcon, Anchor, Group, Text, Tooltip } from '@mantine/core';
import { IconFilter } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { AuditEntry } from '@marketdesk/shared';

/** The console page of each kind of record an audit row can be about (what `targetOpens` names). */
const PAGE_OF: Record<string, (id: string, name: string) => string> = {
  Purchase: (id) => `/transactions/${id}`,
  License: (id) => `/licenses/${id}`,
  Submission: (id) => `/queue/${id}`,
  User: (_id, email) => `/staff-accounts?${new URLSearchParams({ search: email })}`,
  Plugin: (id) => `/transactions?${new URLSearchParams({ plugin: id })}`,
  Creator: (id) => `/payouts?${new URLSearchParams({ creatorId: id })}`,
  StripeEvent: (_id, type) => `/stripe-events?${new URLSearchParams({ type })}`,
};

/** "/licenses/c…": the page of the record an audit row is about, or null when it has none. */
export function auditTargetPage(entry: Pick<AuditEntry, 'targetName' | 'targetOpens'>): string | null {
  if (!entry.targetOpens || entry.targetName === null) return null;
  const page = PAGE_OF[entry.targetOpens.targetType];
  return page ? page(entry.targetOpens.targetId, entry.targetName) : null;
}

/**
 * An audit row's target by name ("@scope/plugin · buyer@example.com"), linked to its page, with its
 * type; the id is in the tooltip. The filter button shows only this target's rows.
 */
export function AuditTarget({ entry, onFilter }: { entry: AuditEntry; onFilter: () => void }) {
  const page = auditTargetPage(entry);
  const name = entry.targetName ?? entry.targetId;
  return (
    <Group gap={4} wrap="nowrap">
      <div>
        <Text size="xs" c="dimmed">{entry.targetType}</Text>
        {page
          ? <Anchor component={Link} to={page} size="sm" title={`${entry.targetType} ${entry.targetId}`} data-testid="audit-target" onClick={(event) => event.stopPropagation()}>{name}</Anchor>
          : <Text size="sm" title={`${entry.targetType} ${entry.targetId}`} data-testid="audit-target">{name}</Text>}
      </div>
      <Tooltip label="Show only this target">
        <ActionIcon variant="subtle" size="sm" aria-label={`Show only ${entry.targetType} ${name}`} onClick={(event) => { event.stopPropagation(); onFilter(); }}>
          <IconFilter size={14} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
