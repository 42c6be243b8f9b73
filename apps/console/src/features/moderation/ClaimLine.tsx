import { Badge, Button, Group, Kbd, Text } from '@mantine/core';
import { IconLock, IconLockOpen } from '@tabler/icons-react';
import { formatCountdown, formatDateTime } from '../../lib/format.ts';

/** Who holds the claim on what a page decides (a submission, a buyer review), and the page's claim actions. */
export interface ClaimState {
  holder: 'me' | 'other' | 'nobody';
  /** Time left on my claim (ms), while I hold it. */
  remainingMs: number;
  isBusy: boolean;
  claim: () => void;
  release: () => void;
}

/**
 * The claim line of a decision panel: mine with a live countdown and Release, someone else's
 * with their name and expiry, or none — with Claim (key c).
 */
export function ClaimLine({ claim, heldBy }: { claim: ClaimState; heldBy: { holderName: string; expiresAt: Date } | null }) {
  if (claim.holder === 'me') {
    return (
      <Group justify="space-between">
        <Group gap="xs">
          <Badge color="indigo" leftSection={<IconLock size={12} />}>Claimed by you</Badge>
          <Text size="sm" ff="monospace" data-testid="claim-countdown" aria-label="Claim time left">{formatCountdown(claim.remainingMs)}</Text>
        </Group>
        <Button size="xs" variant="subtle" leftSection={<IconLockOpen size={14} />} loading={claim.isBusy} onClick={claim.release}>Release</Button>
      </Group>
    );
  }
  return (
    <Group justify="space-between">
      {claim.holder === 'other' && heldBy ? (
        <Text size="sm">Claimed by <b>{heldBy.holderName}</b> until {formatDateTime(heldBy.expiresAt)}</Text>
      ) : (
        <Text size="sm" c="dimmed">Unclaimed</Text>
      )}
      <Button size="xs" leftSection={<IconLock size={14} />} rightSection={<Kbd size="xs" aria-hidden>c</Kbd>} aria-keyshortcuts="c" disabled={claim.holder === 'other'} loading={claim.isBusy} onClick={claim.claim}>Claim</Button>
    </Group>
  );
}
