import { FileInput, Group, Progress, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconFileZip } from '@tabler/icons-react';
import { RequestId } from '../../components/RequestId/RequestId.tsx';
import { formatBytes } from '../../lib/format.ts';
import type { UploadState } from './useUploadPackage.ts';

interface PackageUploadFieldProps {
  state: UploadState;
  onChoose: (file: File | null) => void;
  /** A refusal from submissions.create about the upload (e.g. the name does not match). */
  error?: string;
}

/** Choosing a .tgz uploads it at once: progress while it goes, then the package it holds, or why it was refused. */
export function PackageUploadField({ state, onChoose, error }: PackageUploadFieldProps) {
  const uploadError = state.status === 'failed' ? state.error.message : undefined;
  return (
    <Stack gap={6}>
      <FileInput
        label="Package"
        description=".tgz, at most 50 MB"
        placeholder="Choose a .tgz file"
        accept=".tgz,.tar.gz,application/gzip,application/x-gzip"
        leftSection={<IconFileZip size={16} />}
        clearable
        required
        onChange={onChoose}
        error={uploadError ?? error}
      />
      {state.status === 'uploading' && (
        <Stack gap={2}>
          <Progress value={Math.round(state.progress * 100)} animated aria-label="Upload progress" />
          <Text size="xs" c="dimmed">Uploading {state.fileName}… {Math.round(state.progress * 100)}%</Text>
        </Stack>
      )}
      {state.status === 'done' && (
        <Group gap={6} data-testid="uploaded-package">
          <IconCircleCheck size={16} color="var(--mantine-color-teal-6)" />
          <Text size="sm">Uploaded <b>{state.upload.name}@{state.upload.version}</b> · {formatBytes(state.upload.sizeBytes)}</Text>
        </Group>
      )}
      {state.status === 'failed' && state.error.requestId && (
        <Group gap="xs"><Text size="xs" c="dimmed">Request id</Text><RequestId id={state.error.requestId} /></Group>
      )}
    </Stack>
  );
}
