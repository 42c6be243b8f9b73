import type { ReactNode } from 'react';
import { ActionIcon, Anchor, Badge, Card, CopyButton, Group, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { Link } from 'react-router';
import { ZPurchaseStatus, type LicenseDetail } from '@marketdesk/shared';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { PurchaseStatusBadge } from '../finance/PurchaseStatusBadge.tsx';
import { LICENSE_STATUS_LABELS } from './labels.ts';
import { LicenseStatusBadge } from './LicenseStatusBadge.tsx';

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <div data-testid={testId} style={{ wordBreak: 'break-all', fontSize: 'var(--mantine-font-size-sm)' }}>{children}</div>
    </Stack>
  );
}

const mono = (value: string) => <Text span size="sm" ff="monospace">{value}</Text>;

/** The purchase that issued the license: a link to the finance page for those who may read it, else its id. */
function PurchaseField({ purchase, canReadFinance }: { purchase: LicenseDetail['purchase']; canReadFinance: boolean }) {
  if (!purchase) return <Text size="sm" c="dimmed">None (issued by hand)</Text>;
  const status = ZPurchaseStatus.safeParse(purchase.status).data;
  return (
    <Stack gap={0}>
      {canReadFinance ? <Anchor component={Link} to={`/transactions/${purchase.id}`} size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>{purchase.id}</Anchor> : mono(purchase.id)}
      <Text size="xs" c="dimmed">
        <MoneyText amount={purchase.amount} currency={purchase.currency} size="xs" />
        {purchase.paidAt ? ` · paid ${formatDateTime(purchase.paidAt)}` : ''}
      </Text>
      {status && <PurchaseStatusBadge status={status} />}
    </Stack>
  );
}

/** The tier the license is of: its name, and the tier's entitlements and machine limit today (the license keeps what it was issued with). */
function TierField({ tier }: { tier: LicenseDetail['tier'] }) {
  if (!tier) return <Text size="sm" c="dimmed">No tiers</Text>;
  return (
    <Stack gap={2}>
      <Text size="sm" fw={500}>{tier.name} <Text span size="xs" c="dimmed" ff="monospace">({tier.key})</Text></Text>
      <Text size="xs" c="dimmed">Tier today: {tier.machineLimit} {tier.machineLimit === 1 ? 'machine' : 'machines'}{tier.trialDays > 0 ? ` · ${tier.trialDays}-day trial` : ''}</Text>
      <Group gap={4}>{tier.entitlements.map((e) => <Badge key={e} variant="light" size="xs" tt="none">{e}</Badge>)}</Group>
    </Stack>
  );
}

/** Status and its last change, tier, entitlements, expiry, machine limit, purchase, and the key itself. */
export function LicenseSummary({ license, canReadFinance }: { license: LicenseDetail; canReadFinance: boolean }) {
  return (
    <Card withBorder padding="md" data-testid="license-summary">
      <Group mb="sm" gap="sm">
        <Text fw={600}>License</Text>
        <LicenseStatusBadge status={license.status} />
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        <Field label="Status" testId="license-status">{LICENSE_STATUS_LABELS[license.status]}</Field>
        <Field label="Last status change" testId="status-change">
          {license.statusChangedAt ? (
            <Stack gap={0}>
              <Text size="sm">{license.statusReason ?? 'No reason recorded'}</Text>
              <Text size="xs" c="dimmed">{license.statusChangedBy ?? 'system'} · {formatDateTime(license.statusChangedAt)}</Text>
            </Stack>
          ) : <Text size="sm" c="dimmed">Unchanged since issued</Text>}
        </Field>
        <Field label="Buyer">{license.buyerEmail}</Field>
        <Field label="Plugin">{license.plugin.name}</Field>
        <Field label="Tier" testId="license-tier"><TierField tier={license.tier} /></Field>
        <Field label="Entitlements" testId="entitlements">
          <Group gap={4}>{license.entitlements.length ? license.entitlements.map((e) => <Badge key={e} variant="outline" size="sm" tt="none">{e}</Badge>) : <Text size="sm" c="dimmed">None</Text>}</Group>
        </Field>
        <Field label="Expires" testId="expires">{license.expiresAt ? formatDateTime(license.expiresAt) : 'Never'}</Field>
        <Field label="Machine limit" testId="machine-limit">{license.machineLimit}</Field>
        <Field label="Issued">{formatDateTime(license.issuedAt)}</Field>
        <Field label="Purchase" testId="purchase"><PurchaseField purchase={license.purchase} canReadFinance={canReadFinance} /></Field>
        <Field label="License id">{mono(license.id)}</Field>
        <Field label="Key id (jti)">{mono(license.keyId)}</Field>
        <Field label="Signing key (kid)">{mono(license.signingKid)}</Field>
      </SimpleGrid>
      <Group gap="xs" mt="md" wrap="nowrap">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ whiteSpace: 'nowrap' }}>License key</Text>
        <Text size="xs" ff="monospace" truncate="end" maw={640} data-testid="license-key" title="The key to give the buyer again">{license.key}</Text>
        <CopyButton value={license.key}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy the license key'}>
              <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label="Copy the license key">{copied ? <IconCheck size={14} /> : <IconCopy size={14} />}</ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Card>
  );
}
