import { useEffect } from 'react';

/** How often an open page renews a held claim (ms); a claim lasts 10 minutes without it. */
export const CLAIM_HEARTBEAT_MS = 2 * 60_000;

/**
 * While `isHeld`, calls `renew` every 2 minutes: the open page keeps its claim (on a submission
 * or a buyer review) alive. `renew` should be stable (a mutation's `mutate` bound to the id).
 */
export function useClaimHeartbeat(renew: () => void, isHeld: boolean) {
  useEffect(() => {
    if (!isHeld) return;
    const timer = setInterval(renew, CLAIM_HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, [isHeld, renew]);
}
