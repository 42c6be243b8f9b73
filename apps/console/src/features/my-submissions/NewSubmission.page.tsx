import { useState, type FormEvent } from 'react';
import { Alert, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { ZSubmissionsCreateInput } from '@marketdesk/shared';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { notifySuccess } from '../../lib/notify.ts';
import { useRefreshAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { PackageUploadField } from './PackageUploadField.tsx';
import { PluginSelect } from './PluginSelect.tsx';
import { useUploadPackage } from './useUploadPackage.ts';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';

/**
 * A creator submits a new version: pick the plugin, choose the .tgz (it uploads at once, with
 * progress), then submit it for review and land on the new submission.
 */
export default function NewSubmissionPage() {
  const trpc = useTRPC();
  const refreshAfterWrite = useRefreshAfterWrite();
  const navigate = useNavigate();
  const plugins = useQuery(trpc.submissions.plugins.queryOptions());
  const { state: upload, start: startUpload } = useUploadPackage();
  const [pluginId, setPluginId] = useState<string | null>(null);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const create = useMutation(
    trpc.submissions.create.mutationOptions({
      onSuccess: async (submission) => {
        notifySuccess('Submitted for review', `${submission.plugin.name}@${submission.pluginVersion} is in the review queue; it is due within 3 business days.`);
        await refreshAfterWrite(trpc.submissions.pathFilter());
        await navigate(`/my-submissions/${submission.id}`);
      },
    }),
  );
  const uploaded = upload.status === 'done' ? upload.upload : null;
  const chosenPlugin = plugins.data?.find((plugin) => plugin.id === pluginId);

  function chooseFile(file: File | null) {
    create.reset();
    setClientErrors({});
    // The plugin named like the package is the likely one, unless the creator chose already.
    startUpload(file, (uploaded) => setPluginId((current) => current ?? plugins.data?.find((plugin) => plugin.name === uploaded.name)?.id ?? null));
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = validateWith(ZSubmissionsCreateInput, { pluginId: pluginId ?? '', uploadId: uploaded?.uploadId ?? '' });
    setClientErrors(parsed.errors ?? {});
    if (parsed.data) create.mutate(parsed.data);
  }
  const errors = { ...(create.error ? readServerFieldErrors(create.error) : {}), ...clientErrors };

  return (
    <Stack gap="md" maw={640}>
      <div>
        <PageTitle>Submit a new version</PageTitle>
        <Text size="sm" c="dimmed">The package is an npm-style .tgz (as `npm pack` makes it), at most 50 MB. Its package.json name must be the plugin's name.</Text>
      </div>
      <Card withBorder padding="lg">
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormError error={create.error} fields={['pluginId', 'uploadId']} />
            <PluginSelect plugins={plugins.data ?? []} isLoading={plugins.isLoading} value={pluginId} onChange={(id) => { setPluginId(id); create.reset(); }} error={errors.pluginId} />
            <PackageUploadField state={upload} onChoose={chooseFile} error={errors.uploadId} />
            {uploaded && chosenPlugin && uploaded.name !== chosenPlugin.name && (
              <Alert color="orange">The package is named “{uploaded.name}” but the plugin is “{chosenPlugin.name}”: it will be refused.</Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => void navigate('/my-submissions')}>Cancel</Button>
              <Button type="submit" disabled={!uploaded} loading={create.isPending}>Submit for review</Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
