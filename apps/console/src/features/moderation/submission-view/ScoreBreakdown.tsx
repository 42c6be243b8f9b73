import { Accordion, Code, Group, RingProgress, Stack, Table, Text } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { scoreColor } from '../labels.ts';
import type { CategoryScore, ScoreBreakdown as Breakdown } from './read-breakdown.ts';

interface Scores {
  score: number | null;
  lintScore: number | null;
  typesScore: number | null;
  testsScore: number | null;
  docsScore: number | null;
}

const DEFAULT_WEIGHTS = { lint: 25, types: 25, tests: 35, docs: 15 };
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The overall score, the four category scores with their weights, and what earned each point. */
export function ScoreBreakdown({ scores, breakdown }: { scores: Scores; breakdown: Breakdown | null }) {
  const weights = breakdown?.weights ?? DEFAULT_WEIGHTS;
  // Short axis labels; the weights are in the formula line under the chart.
  const data = [
    { category: `Lint ${scores.lintScore ?? 0}`, Score: scores.lintScore ?? 0 },
    { category: `Types ${scores.typesScore ?? 0}`, Score: scores.typesScore ?? 0 },
    { category: `Tests ${scores.testsScore ?? 0}`, Score: scores.testsScore ?? 0 },
    { category: `Docs ${scores.docsScore ?? 0}`, Score: scores.docsScore ?? 0 },
  ];
  const overall = scores.score ?? 0;
  return (
    <Stack gap="sm" data-testid="score-breakdown">
      <Group align="center" wrap="nowrap" gap="lg">
        <RingProgress
          size={110}
          thickness={10}
          roundCaps
          sections={[{ value: overall, color: scoreColor(overall) }]}
          label={<Text ta="center" fw={700} size="xl" aria-label={`Overall score ${overall}`}>{overall}</Text>}
        />
        <BarChart
          h={170}
          style={{ flex: 1 }}
          data={data}
          dataKey="category"
          orientation="vertical"
          yAxisProps={{ width: 80 }}
          xAxisProps={{ domain: [0, 100] }}
          series={[{ name: 'Score', color: 'indigo.6' }]}
          getBarColor={(value) => `${scoreColor(value)}.6`}
          gridAxis="x"
        />
      </Group>
      <Text size="xs" c="dimmed">Weights: lint {weights.lint} %, types {weights.types} %, tests {weights.tests} %, docs {weights.docs} %{breakdown ? ` · overall = ${breakdown.formula}` : ''}</Text>
      {breakdown && <BreakdownDetails breakdown={breakdown} />}
    </Stack>
  );
}

function BreakdownDetails({ breakdown }: { breakdown: Breakdown }) {
  const { lint } = breakdown;
  return (
    <Accordion variant="separated" multiple>
      <Accordion.Item value="lint">
        <Accordion.Control>Lint {lint.score}: {count(lint.errors, 'error')}, {count(lint.warnings, 'warning')} in {count(lint.linesOfCode, 'line')}</Accordion.Control>
        <Accordion.Panel>
          {lint.formula && <Text size="xs" c="dimmed" mb="xs">{lint.formula}</Text>}
          {lint.topRules.length === 0 ? <Text size="sm">No lint problems.</Text> : (
            <Group gap="xs">{lint.topRules.map((rule) => <Code key={rule.rule}>{rule.rule} × {rule.count}</Code>)}</Group>
          )}
        </Accordion.Panel>
      </Accordion.Item>
      <CategoryItem value="types" title="Types" category={breakdown.types} />
      <CategoryItem value="tests" title="Tests" category={breakdown.tests} />
      <CategoryItem value="docs" title="Docs" category={breakdown.docs} />
    </Accordion>
  );
}

function CategoryItem({ value, title, category }: { value: string; title: string; category: CategoryScore }) {
  return (
    <Accordion.Item value={value}>
      <Accordion.Control>{title} {category.score}</Accordion.Control>
      <Accordion.Panel>
        <Table verticalSpacing={4} fz="sm">
          <Table.Tbody>
            {category.checks.map((check) => (
              <Table.Tr key={check.id}>
                <Table.Td>{check.label}{check.detail && <Text span size="xs" c="dimmed"> · {check.detail}</Text>}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} c={check.earned === check.points ? 'teal' : check.earned === 0 ? 'red' : undefined}>
                  {check.earned} / {check.points}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Accordion.Panel>
    </Accordion.Item>
  );
}
