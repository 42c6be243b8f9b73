import { lazy, Suspense, useMemo } from 'react';
import { Alert, Badge, Grid, Group, Loader, SegmentedControl, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { FileChange, PackageDiffEntry, SubmissionDetail } from '@marketdesk/shared';
import { describeError } from '../../../lib/errors.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import type { Finding } from '../../moderation/submission-view/Findings.tsx';
import { FindingNote } from './FindingNote.tsx';
import { buildPackageTree } from './package-tree.ts';
import { PackageTree } from './PackageTree.tsx';

const FileDiff = lazy(() => import('./FileDiff.tsx'));

export type DiffViewType = 'unified' | 'split';

const CHANGE_COLORS: Record<FileChange, string> = { added: 'green', removed: 'red', changed: 'blue', unchanged: 'gray' };

interface ChangesTabProps {
  submission: SubmissionDetail;
  file: string | null;
  viewType: DiffViewType;
  onOpen: (path: string) => void;
  onViewType: (viewType: DiffViewType) => void;
}

/** What changed since the creator's last approved version: a tree of added, removed and changed files and the open file's diff. */
export function ChangesTab({ submission, file, viewType, onOpen, onViewType }: ChangesTabProps) {
  const trpc = useTRPC();
  const findings = submission.report?.findings ?? [];
  const diff = useQuery(trpc.queue.diff.queryOptions({ submissionId: submission.id }, { staleTime: Infinity }));
  const touched = useMemo(() => diff.data?.files.filter((entry) => entry.change !== 'unchanged') ?? [], [diff.data]);
  const data = useMemo(() => buildPackageTree(touched, (entry, name) => <ChangeLabel entry={entry} name={name} />), [touched]);
  if (diff.error) return <Alert color="red" title="The changes cannot be shown">{describeError(diff.error)}</Alert>;
  if (!diff.data) return <Loader size="sm" aria-label="Loading the changes" />;
  const { base, counts } = diff.data;
  if (!base) {
    return (
      <Alert color="blue" title="First version" data-testid="no-base">
        Nothing of {submission.plugin.name} was approved before this version, so there is nothing to compare with: the Files tab is the review.
      </Alert>
    );
  }
  const open = file && diff.data.files.some((entry) => entry.path === file) ? file : (touched.find((entry) => entry.change === 'changed') ?? touched[0])?.path ?? null;
  const openEntry = diff.data.files.find((entry) => entry.path === open);
  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text size="sm" data-testid="diff-base">
          Compared with <b>{base.pluginVersion}</b>, the last approved version{base.decidedAt ? ` (approved ${formatDateTime(base.decidedAt)})` : ''}: {counts.added} added, {counts.removed} removed, {counts.changed} changed, {counts.unchanged} unchanged.
        </Text>
        <SegmentedControl size="xs" aria-label="Diff view" value={viewType} onChange={(value) => onViewType(value as DiffViewType)} data={[{ value: 'unified', label: 'Unified' }, { value: 'split', label: 'Split' }]} />
      </Group>
      {touched.length === 0 ? (
        <Text size="sm">No file changed since {base.pluginVersion}.</Text>
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: viewType === 'split' ? 3 : 4 }}>
            <PackageTree data={data} selected={open} onSelect={onOpen} label="Changed files" />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: viewType === 'split' ? 9 : 8 }}>
            {open && openEntry && <OpenDiff submissionId={submission.id} entry={openEntry} viewType={viewType} findings={findings.filter((f) => f.file === open)} />}
          </Grid.Col>
        </Grid>
      )}
    </>
  );
}

function ChangeLabel({ entry, name }: { entry: PackageDiffEntry; name: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>{name}</Text>
      <Badge size="xs" variant="light" color={CHANGE_COLORS[entry.change]} autoContrast>{entry.change}</Badge>
      {entry.addedLines !== null && entry.removedLines !== null && <Text size="xs" ff="monospace" aria-label={`${entry.addedLines} lines added, ${entry.removedLines} removed`}>+{entry.addedLines} −{entry.removedLines}</Text>}
    </Group>
  );
}

function OpenDiff({ submissionId, entry, viewType, findings }: { submissionId: string; entry: PackageDiffEntry; viewType: DiffViewType; findings: readonly Finding[] }) {
  const trpc = useTRPC();
  const diff = useQuery(trpc.queue.fileDiff.queryOptions({ submissionId, path: entry.path }, { staleTime: Infinity }));
  return (
    <>
      <Group gap="xs" mb="xs">
        <Text size="sm" ff="monospace" fw={600} style={{ wordBreak: 'break-all' }}>{entry.path}</Text>
        <Badge size="sm" variant="light" color={CHANGE_COLORS[entry.change]} autoContrast>{entry.change}</Badge>
      </Group>
      {diff.error && <Alert color="red" title={`${entry.path} cannot be compared`}>{describeError(diff.error)}</Alert>}
      {!diff.data && !diff.error && <Loader size="sm" aria-label={`Loading the diff of ${entry.path}`} />}
      {diff.data && diff.data.patch === null && (
        <>
          <Alert color="gray" title={diff.data.reason ?? 'No text diff'}>{entry.change === 'removed' ? 'Removed in this version.' : 'Listed, not compared line by line.'}</Alert>
          {findings.map((finding) => <FindingNote key={finding.id} finding={finding} />)}
        </>
      )}
      {diff.data?.patch && (
        <Suspense fallback={<Loader size="sm" aria-label="Loading the diff viewer" />}>
          <FileDiff patch={diff.data.patch} change={entry.change} viewType={viewType} findings={findings} />
        </Suspense>
      )}
    </>
  );
}
