import { Card, Group, ScrollArea, Table, Text, Title } from '@mantine/core';
import { formatBytes } from '../../../lib/format.ts';

/** Files listed at once; a huge package shows the first ones and says how many more there are. */
const MAX_SHOWN = 500;

/** The unpacked package's files, by path, with their sizes. */
export function PackageFiles({ files }: { files: readonly { path: string; size: number }[] }) {
  const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  return (
    <Card withBorder padding="md">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Files</Title>
        <Text size="sm" c="dimmed">{files.length} {files.length === 1 ? 'file' : 'files'} · {formatBytes(totalBytes)} unpacked</Text>
      </Group>
      {files.length === 0 ? (
        <Text size="sm" c="dimmed">The file list comes with a finished scan.</Text>
      ) : (
        <ScrollArea.Autosize mah={320}>
          <Table striped highlightOnHover verticalSpacing={4} aria-label="Package files">
            <Table.Tbody>
              {sorted.slice(0, MAX_SHOWN).map((file) => (
                <Table.Tr key={file.path}>
                  <Table.Td ff="monospace" fz="xs" style={{ wordBreak: 'break-all' }}>{file.path}</Table.Td>
                  <Table.Td ta="right" fz="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{formatBytes(file.size)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {files.length > MAX_SHOWN && <Text size="xs" c="dimmed" mt="xs">… and {files.length - MAX_SHOWN} more files</Text>}
        </ScrollArea.Autosize>
      )}
    </Card>
  );
}
