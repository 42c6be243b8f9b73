import { Badge, Card, Group, Table, Text } from '@mantine/core';
import type { PluginPricing } from '@marketdesk/shared';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';

const MODEL_LABELS = { FREE: 'Free', ONE_TIME: 'One-time purchase', SUBSCRIPTION: 'Subscription' } as const;

/** The plugin's tiers as buyers see them, cheapest first. */
export function TiersTable({ pricing }: { pricing: PluginPricing }) {
  return (
    <Card withBorder padding="md" data-testid="pricing-tiers">
      <Group gap="sm" mb="sm">
        <Text fw={600} component="h2" size="lg">{pricing.pluginName}</Text>
        <Badge variant="light">{MODEL_LABELS[pricing.pricingModel]}{pricing.billingInterval ? ` · per ${pricing.billingInterval}` : ''}</Badge>
      </Group>
      {pricing.tiers.length === 0 ? (
        <Text size="sm" c="dimmed">No tiers: the plugin sells at <MoneyText amount={pricing.priceAmount} currency={pricing.currency} size="sm" /> with the default entitlements.</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table>
            <Table.Thead>
              <Table.Tr><Table.Th>Tier</Table.Th><Table.Th>Price</Table.Th><Table.Th>Machines</Table.Th><Table.Th>Trial</Table.Th><Table.Th>Entitlements</Table.Th><Table.Th>Quotas</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {pricing.tiers.map((tier) => (
                <Table.Tr key={tier.key} data-testid={`tier-row-${tier.key}`}>
                  <Table.Td>{tier.name} <Text span size="xs" c="dimmed" ff="monospace">({tier.key})</Text></Table.Td>
                  <Table.Td>{tier.priceAmount === 0 ? 'Free' : <MoneyText amount={tier.priceAmount} currency={tier.currency} size="sm" />}</Table.Td>
                  <Table.Td>{tier.machineLimit}</Table.Td>
                  <Table.Td>{tier.trialDays > 0 ? `${tier.trialDays} days` : 'None'}</Table.Td>
                  <Table.Td><Group gap={4}>{tier.entitlements.map((e) => <Badge key={e} variant="outline" size="sm" tt="none">{e}</Badge>)}</Group></Table.Td>
                  <Table.Td>
                    {tier.quotas.length === 0 ? <Text size="sm" c="dimmed">None</Text> : tier.quotas.map((q) => (
                      <Text key={q.metric} size="xs">{q.metric}: {q.included.toLocaleString('en-US')} / month, {q.isHard ? 'hard' : 'soft'}</Text>
                    ))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
