import { Alert, Group, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { describeError, readRequestId } from '../../lib/errors.ts';
import { readServerFieldErrors } from '../../lib/field-errors.ts';
import { RequestId } from '../RequestId/RequestId.tsx';

/**
 * A server refusal that no field of the form shows (e.g. "last enabled admin"), with the request
 * id. Errors about one of `fields` are shown under that field instead.
 */
export function FormError({ error, fields }: { error: unknown; fields: readonly string[] }) {
  if (!error) return null;
  const fieldNames = Object.keys(readServerFieldErrors(error));
  if (fieldNames.length > 0 && fieldNames.every((name) => fields.includes(name))) return null;
  const requestId = readRequestId(error);
  return (
    <Alert color="red" icon={<IconAlertCircle />} role="alert">
      <Text size="sm">{describeError(error)}</Text>
      {requestId && (
        <Group gap="xs" mt={4}>
          <Text size="xs" c="dimmed">Request id</Text>
          <RequestId id={requestId} />
        </Group>
      )}
    </Alert>
  );
}
