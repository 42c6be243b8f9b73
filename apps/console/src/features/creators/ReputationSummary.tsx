import { Badge, Group, List, RingProgress, Stack, Text } from '@mantine/core';
import type { CreatorReputationOutput } from '@marketdesk/shared';

/** The colour of a 0–100 score: red below the closer-look threshold (60), yellow below 80, else green. */
export function scoreColor(score: number): string {
  return score < 60 ? 'red' : score < 80 ? 'yellow' : 'teal';
}

/**
 * A creator's reputation at a glance: the score in a ring, the "Closer look" badge with its
 * reasons when the record asks for one (the issue: "a creator with a poor record gets a closer
 * look"), and — unless `isCompact` — every component with its points and sentence.
 */
export function ReputationSummary({ reputation, isCompact = false }: { reputation: CreatorReputationOutput; isCompact?: boolean }) {
  return (
    <Stack gap="sm">
      <Group gap="md" wrap="nowrap">
        <RingProgress
          size={isCompact ? 72 : 96}
          thickness={isCompact ? 7 : 9}
          roundCaps
          sections={[{ value: reputation.score, color: scoreColor(reputation.score) }]}
          label={<Text ta="center" fw={700} size={isCompact ? 'md' : 'xl'} data-testid="reputation-score">{reputation.score}</Text>}
          aria-label={`Reputation score ${reputation.score} of 100`}
        />
        <Stack gap={4}>
          {reputation.needsCloserLook
            ? <Badge color="red" variant="filled" data-testid="closer-look">Closer look</Badge>
            : <Badge color="teal" variant="light" data-testid="closer-look-clear">Good standing</Badge>}
          {reputation.closerLookReasons.length > 0 && (
            <List size="sm" spacing={2} data-testid="closer-look-reasons">
              {reputation.closerLookReasons.map((reason) => <List.Item key={reason}>{reason}</List.Item>)}
            </List>
          )}
        </Stack>
      </Group>
      {!isCompact && (
        <Stack gap="xs" data-testid="reputation-components">
          {reputation.components.map((c) => (
            <div key={c.key} data-testid={`component-${c.key}`}>
              <Group gap="xs" justify="space-between" wrap="nowrap">
                <Text size="sm" fw={600}>{c.label}</Text>
                <Text size="sm" ff="monospace">{c.points} / {c.weight}</Text>
              </Group>
              <Text size="sm" c={c.hasEnoughData ? undefined : 'dimmed'}>{c.sentence}</Text>
            </div>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
