import { FileInput, Group, Loader, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconFileUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { formatBytes } from '../../lib/format.ts';
import { uploadEvidenceFile } from './upload-evidence-file.ts';

export interface AttachedFile {
  fileId: string;
  /** Known for files chosen on this page; a file saved earlier is known by its id only. */
  filename: string | null;
  size: number | null;
}

interface EvidenceFileFieldProps {
  name: string;
  label: string;
  help: string;
  value: AttachedFile | null;
  onChange: (file: AttachedFile | null) => void;
  disabled: boolean;
}

/** An evidence file field: choosing a file uploads it to Stripe at once (PDF, JPEG or PNG, ≤ 5 MB); the field then holds its `file_…` id. */
export function EvidenceFileField({ name, label, help, value, onChange, disabled }: EvidenceFileFieldProps) {
  const [error, setError] = useState<string | null>(null);
  const [isUploading, setIsUploading] = useState(false);
  const choose = async (file: File | null) => {
    setError(null);
    if (!file) return onChange(null);
    setIsUploading(true);
    try {
      const uploaded = await uploadEvidenceFile(file);
      onChange({ fileId: uploaded.fileId, filename: uploaded.filename, size: uploaded.size });
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setIsUploading(false);
    }
  };
  return (
    <Stack gap={4}>
      <FileInput
        name={name}
        label={label}
        description={help}
        placeholder="Choose a PDF, JPEG or PNG"
        accept="application/pdf,image/jpeg,image/png"
        leftSection={<IconFileUpload size={16} />}
        clearable
        disabled={disabled || isUploading}
        onChange={(file) => void choose(file)}
        error={error}
      />
      {isUploading && <Group gap={6}><Loader size="xs" /><Text size="sm">Uploading to Stripe…</Text></Group>}
      {value && !isUploading && (
        <Group gap={6} data-testid={`evidence-file-${name}`}>
          <IconCircleCheck size={16} color="var(--mantine-color-teal-6)" aria-hidden />
          <Text size="sm">At Stripe: {value.filename ? <b>{value.filename}</b> : null} <Text span size="xs" ff="monospace">{value.fileId}</Text>{value.size !== null ? ` · ${formatBytes(value.size)}` : ''}</Text>
        </Group>
      )}
    </Stack>
  );
}
