import { Alert } from '@mantine/core';
import { IconDatabaseImport } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { percentDone, type SeedStatusOutput } from '@marketdesk/shared';
import { useTRPC } from '../../lib/trpc.ts';

/** How often the notice asks again while a seed runs, ms; it does not ask again once none runs. */
const SEED_POLL_MS = 5_000;

/** "Demo data is still being seeded — purchases, refunds, disputes, payouts: 39 %. …"; no percent for a phase that does not count. */
export function describeSeedStatus(status: NonNullable<SeedStatusOutput>): string {
  const percent = percentDone(status.done, status.total);
  return `Demo data is still being seeded — ${status.phase}${percent === null ? '' : `: ${percent} %`}. Finance figures fill in as it goes.`;
}

/**
 * The top of every signed-in page while `npm start` is still seeding an empty database
 * (`seeding.status`), so nearly empty figures say why. Asks every 5 s while a seed runs and goes
 * away when it ends; a first answer of "none" is not asked again. A polite status region: the
 * phase's progress is read out when the reader is idle, not over what the person is doing.
 */
export function SeedingNotice() {
  const trpc = useTRPC();
  const status = useQuery(trpc.seeding.status.queryOptions(undefined, {
    refetchInterval: (query) => (query.state.data ? SEED_POLL_MS : false),
    // A notice that cannot load must not take the page with it (the console's default throws to the route's boundary).
    throwOnError: false,
  }));
  if (!status.data) return null;
  return (
    <Alert role="status" aria-live="polite" color="blue" variant="light" icon={<IconDatabaseImport size={18} />} mb="md" data-testid="seeding-notice">
      {describeSeedStatus(status.data)}
    </Alert>
  );
}
