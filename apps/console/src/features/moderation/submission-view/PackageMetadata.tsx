import type { ReactNode } from 'react';
import { Badge, Card, Code, DataList, Group, Stack, Text, Title } from '@mantine/core';
import { formatBytes } from '../../../lib/format.ts';
import { readManifest } from './read-manifest.ts';

const dimmed = (text: string) => <Text span size="sm" c="dimmed">{text}</Text>;

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue style={{ wordBreak: 'break-word' }}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

/** package.json as a reviewer reads it: identity, license, entry points and every script. */
export function PackageMetadata({ manifest: raw, sizeBytes }: { manifest: unknown; sizeBytes: number | null }) {
  const manifest = readManifest(raw);
  return (
    <Card withBorder padding="md" data-testid="package-metadata">
      <Title order={4} mb="sm">Package</Title>
      {!manifest ? (
        <Text size="sm" c="dimmed">No package.json was read for this version.</Text>
      ) : (
        <DataList size="sm" labelWidth={110} gap={6}>
          <Item label="Name"><Code>{manifest.name ?? '—'}</Code></Item>
          <Item label="Version">{manifest.version ?? dimmed('—')}</Item>
          <Item label="Size">{sizeBytes === null ? dimmed('unknown') : formatBytes(sizeBytes)}</Item>
          <Item label="License">{manifest.license ?? <Badge color="orange" variant="light" size="sm">None declared</Badge>}</Item>
          {manifest.description && <Item label="Description">{manifest.description}</Item>}
          <Item label="Entry">{manifest.main ? <Code>{manifest.main}</Code> : dimmed('index.js (default)')}</Item>
          <Item label="Types">{manifest.types ? <Code>{manifest.types}</Code> : dimmed('none declared')}</Item>
          <Item label="Dependencies">{manifest.dependencies}</Item>
          {manifest.repository && <Item label="Repository">{manifest.repository}</Item>}
          {manifest.homepage && <Item label="Homepage">{manifest.homepage}</Item>}
          <Item label="Scripts">
            {manifest.scripts.length === 0 ? dimmed('none') : (
              <Stack gap={4}>
                {manifest.scripts.map((script) => (
                  <Group key={script.name} gap={6} wrap="nowrap" align="flex-start">
                    <Code>{script.name}</Code>
                    {script.isInstallTime && <Badge color="red" variant="light" size="xs">runs on install</Badge>}
                    <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>{script.command}</Text>
                  </Group>
                ))}
              </Stack>
            )}
          </Item>
        </DataList>
      )}
    </Card>
  );
}
