import { Anchor, Group, Paper, Text } from '@mantine/core';
import { IconArrowBackUp, IconArrowForwardUp } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { LicenseDetail } from '@marketdesk/shared';
import { formatDateTime } from '../../lib/format.ts';
import { LICENSE_STATUS_LABELS } from './labels.ts';

/** "Replaced by …" and "Replaces …": the links between a license and its replacement, both ways. */
export function ReplacementLinks({ license }: { license: LicenseDetail }) {
  const { replaces, replacedBy } = license;
  if (!replaces && !replacedBy) return null;
  return (
    <Paper withBorder p="sm" radius="md" data-testid="replacement-links">
      {replacedBy && (
        <Group gap="xs">
          <IconArrowForwardUp size={16} aria-hidden />
          <Text size="sm">
            Replaced by <Anchor component={Link} to={`/licenses/${replacedBy.id}`} ff="monospace">{replacedBy.id}</Anchor>
            {' '}({LICENSE_STATUS_LABELS[replacedBy.status].toLowerCase()}, issued {formatDateTime(replacedBy.issuedAt)})
          </Text>
        </Group>
      )}
      {replaces && (
        <Group gap="xs">
          <IconArrowBackUp size={16} aria-hidden />
          <Text size="sm">
            Replaces <Anchor component={Link} to={`/licenses/${replaces.id}`} ff="monospace">{replaces.id}</Anchor> ({LICENSE_STATUS_LABELS[replaces.status].toLowerCase()})
          </Text>
        </Group>
      )}
    </Paper>
  );
}
