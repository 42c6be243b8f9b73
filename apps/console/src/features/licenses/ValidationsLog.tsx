import { Badge, Card, Group, Select, Stack, Text } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { LICENSE_RESULT_CODES, type LicenseDetail, type LicenseValidation } from '@marketdesk/shared';
import { KeysetDataTable } from '../../components/KeysetDataTable/KeysetDataTable.tsx';
import { formatPreciseDateTime } from '../../lib/format.ts';
import { readOneOf, useSearchParamsPatch } from '../../lib/search-params.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { explainValidation, VALIDATION_CODE_COLORS } from './validation-explanations.ts';

const PAGE_SIZE = 25;
/** Codes a known license can be answered with (NOT_FOUND names no license, so it is never logged). */
const CODE_OPTIONS = LICENSE_RESULT_CODES.filter((code) => code !== 'NOT_FOUND').map((code) => ({ value: code, label: code }));

/** Which machine asked: its name and fingerprint, or the fingerprint alone when no activation has it. */
function MachineCell({ validation }: { validation: LicenseValidation }) {
  if (!validation.fingerprint) return <Text size="sm">No fingerprint sent</Text>;
  const { activation } = validation;
  return (
    <Stack gap={0}>
      <Text size="sm">{activation ? `${activation.name ?? 'Unnamed machine'}${activation.isActive ? '' : ' (freed)'}` : 'Not an activated machine'}</Text>
      <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>{validation.fingerprint}</Text>
    </Stack>
  );
}

/**
 * The license's validation log (validate and activate answers, newest first, kept 30 days): time
 * with its zone, the code answered and why in plain words, the machine, the client's network and
 * software — what support reads to answer "why does my plugin say invalid?". `?code=` filters.
 */
export function ValidationsLog({ license }: { license: LicenseDetail }) {
  const trpc = useTRPC();
  const [params, update] = useSearchParamsPatch();
  const code = readOneOf(params.get('code'), LICENSE_RESULT_CODES);
  const query = useInfiniteQuery({
    ...trpc.licenses.validations.infiniteQueryOptions({ licenseId: license.id, code, limit: PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
    placeholderData: keepPreviousData,
  });
  const records = query.data?.pages.flatMap((page) => page.items) ?? [];
  const retentionDays = query.data?.pages[0]?.retentionDays ?? 30;
  return (
    <Card withBorder padding="md" data-testid="validations-log">
      <Group justify="space-between" align="flex-end" mb="sm">
        <Stack gap={2}>
          <Text fw={600} component="h2" m={0} fz="md">Validations</Text>
          <Text size="sm">Each validation and activation answer, newest first, kept {retentionDays} days.</Text>
        </Stack>
        <Select label="Code" placeholder="Any code" clearable w={260} data={CODE_OPTIONS} value={code ?? null} onChange={(next) => update({ code: next })} />
      </Group>
      <KeysetDataTable
        query={query}
        minHeight={records.length ? undefined : 150}
        records={records}
        fetching={query.isPending || query.isPlaceholderData}
        noRecordsText={code ? `No ${code} answer in the last ${retentionDays} days` : `No validation in the last ${retentionDays} days`}
        columns={[
          { accessor: 'occurredAt', title: 'Time', width: 120, render: (v) => <Text size="sm">{formatPreciseDateTime(v.occurredAt)}</Text> },
          { accessor: 'code', title: 'Code', noWrap: true, render: (v) => <Badge variant="light" color={VALIDATION_CODE_COLORS[v.code] ?? 'gray'} tt="none" style={{ maxWidth: 'none' }}>{v.code}</Badge> },
          { accessor: 'why', title: 'Why', render: (v) => <Text size="sm" miw={200} data-testid="validation-why">{explainValidation(v, license)}</Text> },
          { accessor: 'fingerprint', title: 'Machine', width: 150, render: (v) => <MachineCell validation={v} /> },
          {
            accessor: 'userAgent',
            title: 'Client',
            width: 170,
            render: (v) => (
              <Stack gap={0}>
                <Text size="sm" ff="monospace" title="The client's network: its address truncated to /24 (IPv4) or /48 (IPv6)">{v.ipPrefix ?? 'No address'}</Text>
                <Text size="sm">{v.pluginVersion ? `Plugin ${v.pluginVersion}` : 'Version not sent'}</Text>
                {v.userAgent && <Text size="xs" style={{ wordBreak: 'break-all' }}>{v.userAgent}</Text>}
              </Stack>
            ),
          },
        ]}
      />
    </Card>
  );
}
