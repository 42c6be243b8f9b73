import { lazy, Suspense, useMemo } from 'react';
import { Alert, Badge, Grid, Group, Loader, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { PackageFileEntry, SubmissionDetail } from '@marketdesk/shared';
import { describeError } from '../../../lib/errors.ts';
import { formatBytes } from '../../../lib/format.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import type { Finding } from '../../moderation/submission-view/Findings.tsx';
import { buildPackageTree } from './package-tree.ts';
import { PackageTree } from './PackageTree.tsx';

const SourceView = lazy(() => import('./SourceView.tsx'));

interface FilesTabProps {
  submission: SubmissionDetail;
  /** The open file (`?file=`), else the first file with a finding, else the first text file. */
  file: string | null;
  line: number | null;
  onOpen: (path: string) => void;
}

/** The package as the tarball holds it: a file tree and the open file's highlighted source with its findings on their lines. */
export function FilesTab({ submission, file, line, onOpen }: FilesTabProps) {
  const trpc = useTRPC();
  const findings = submission.report?.findings ?? [];
  const files = useQuery(trpc.queue.files.queryOptions({ submissionId: submission.id }, { staleTime: Infinity }));
  const entries = files.data?.files;
  const open = file ?? entries?.find((entry) => findings.some((finding) => finding.file === entry.path))?.path ?? entries?.find((entry) => entry.kind === 'text')?.path ?? null;
  const data = useMemo(() => buildPackageTree(entries ?? [], (entry, name) => <FileLabel entry={entry} name={name} findingCount={findings.filter((f) => f.file === entry.path).length} />), [entries, findings]);
  if (files.error) return <Alert color="red" title="The package cannot be shown">{describeError(files.error)}</Alert>;
  if (!entries) return <Loader size="sm" aria-label="Loading the package's files" />;
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Text size="sm" mb="xs">{entries.length} {entries.length === 1 ? 'file' : 'files'} in {submission.plugin.name}@{files.data?.pluginVersion}</Text>
        <PackageTree data={data} selected={open} onSelect={onOpen} label="Package files" />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 8 }}>
        {open ? <OpenFile submissionId={submission.id} path={open} line={line} findings={findings.filter((f) => f.file === open)} /> : <Text size="sm">The package has no files.</Text>}
      </Grid.Col>
    </Grid>
  );
}

function FileLabel({ entry, name, findingCount }: { entry: PackageFileEntry; name: string; findingCount: number }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>{name}</Text>
      {entry.kind !== 'text' && <Text size="xs">{entry.kind === 'binary' ? 'binary' : 'over 1 MB'}</Text>}
      {findingCount > 0 && <Badge size="xs" color="red" variant="filled" autoContrast aria-label={`${findingCount} findings`}>{findingCount}</Badge>}
    </Group>
  );
}

function OpenFile({ submissionId, path, line, findings }: { submissionId: string; path: string; line: number | null; findings: readonly Finding[] }) {
  const trpc = useTRPC();
  const file = useQuery(trpc.queue.file.queryOptions({ submissionId, path }, { staleTime: Infinity }));
  if (file.error) return <Alert color="red" title={`${path} cannot be shown`}>{describeError(file.error)}</Alert>;
  if (!file.data) return <Loader size="sm" aria-label={`Loading ${path}`} />;
  const { kind, size, lineCount, text } = file.data;
  return (
    <>
      <Group justify="space-between" mb="xs">
        <Text size="sm" ff="monospace" fw={600} style={{ wordBreak: 'break-all' }}>{path}</Text>
        <Text size="sm">{formatBytes(size)}{lineCount !== null ? ` · ${lineCount} lines` : ''}</Text>
      </Group>
      {text === null ? (
        <Alert color="gray" title={kind === 'binary' ? 'Binary file' : 'Too large to show'}>
          {kind === 'binary' ? 'This file holds binary data (an image, font or compiled code); it is listed, not shown.' : 'Files over 1 MB are listed, not shown.'}
        </Alert>
      ) : (
        <Suspense fallback={<Loader size="sm" aria-label="Loading the highlighter" />}>
          <SourceView path={path} text={text} findings={findings} line={line} />
        </Suspense>
      )}
    </>
  );
}
