import { Card, Group, Text } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import type { LicenseDetail } from '@marketdesk/shared';

/** Validations of this key per UTC day over the last 30 days (zero-filled by the API). */
export function ValidationsChart({ days }: { days: LicenseDetail['validationsPerDay'] }) {
  const total = days.reduce((sum, day) => sum + day.count, 0);
  const data = days.map((day) => ({ day: day.day.slice(5), validations: day.count }));
  return (
    <Card withBorder padding="md" data-testid="validations-chart">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>Validations per day (UTC, last 30 days)</Text>
        <Text size="sm" c="dimmed" data-testid="validations-total">{total} in total</Text>
      </Group>
      {total > 0 ? (
        <BarChart h={200} data={data} dataKey="day" series={[{ name: 'validations', label: 'Validations', color: 'indigo.6' }]} tickLine="y" yAxisProps={{ allowDecimals: false }} />
      ) : (
        <Text size="sm" c="dimmed">No validations in the last 30 days.</Text>
      )}
    </Card>
  );
}
