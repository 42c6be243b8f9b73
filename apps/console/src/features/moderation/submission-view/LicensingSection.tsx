import { Badge, Card, Code, Stack, Table, Text, Title } from '@mantine/core';
import type { SubmissionLicensing } from '@marketdesk/shared';

type Kind = 'entitlements' | 'metrics';
const LABEL: Record<Kind, string> = { entitlements: 'Entitlements', metrics: 'Metrics' };

/**
 * What the package declares it checks (package.json `marketdesk`: entitlements it asks the
 * license for, metrics it reports usage of) beside what each of the plugin's tiers sells, one
 * row per name: a name sold but not declared is what the scanner's `licensing/undeclared`
 * finding is about.
 */
export function LicensingSection({ licensing }: { licensing: SubmissionLicensing }) {
  const { declared, tiers } = licensing;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="licensing-title" data-testid="licensing">
      <Title order={4} mb="sm" id="licensing-title">Licensing</Title>
      <Stack gap="sm">
        {declared === null && <Text size="sm" c="dimmed">The package declares no entitlements or metrics (no <Code>marketdesk</Code> field in package.json).</Text>}
        {tiers.length === 0 && <Text size="sm" c="dimmed">The plugin has no tiers.</Text>}
        {(['entitlements', 'metrics'] as const).map((kind) => <NameTable key={kind} kind={kind} licensing={licensing} />)}
      </Stack>
    </Card>
  );
}

function NameTable({ kind, licensing: { declared, tiers } }: { kind: Kind; licensing: SubmissionLicensing }) {
  const own = new Set(declared?.[kind] ?? []);
  const names = [...new Set([...(declared?.[kind] ?? []), ...tiers.flatMap((tier) => tier[kind])])];
  if (names.length === 0) return <Text size="sm" c="dimmed">{LABEL[kind]}: none declared or sold.</Text>;
  return (
    <Table fz="sm" verticalSpacing={4} horizontalSpacing={6} withRowBorders aria-label={`${LABEL[kind]}: declared by the package and sold by tier`}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{LABEL[kind]}</Table.Th>
          <Table.Th scope="col">Package</Table.Th>
          {tiers.map((tier) => <Table.Th scope="col" key={tier.key}>{tier.name}</Table.Th>)}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {names.map((name) => {
          const isSold = tiers.some((tier) => tier[kind].includes(name));
          return (
            <Table.Tr key={name} data-testid={`licensing-${kind}-${name}`}>
              <Table.Th scope="row" fw="normal"><Code style={{ wordBreak: 'break-all' }}>{name}</Code></Table.Th>
              <Table.Td>
                {own.has(name)
                  ? <Badge color="green" variant="light" size="sm">declared</Badge>
                  : isSold ? <Badge color="orange" variant="light" size="sm">not declared</Badge> : '—'}
              </Table.Td>
              {tiers.map((tier) => <Table.Td key={tier.key}>{tier[kind].includes(name) ? 'sold' : '—'}</Table.Td>)}
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
