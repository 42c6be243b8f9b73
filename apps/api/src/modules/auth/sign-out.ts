import type { AppDeps } from '../../platform/deps.ts';
import { revokeSession } from '../../platform/sessions.ts';

/** Ends session `sessionId` at `deps.clock.now()` on every API process (its row is revoked, not just the cookie cleared). */
export async function signOut(deps: Pick<AppDeps, 'prisma' | 'clock'>, { sessionId }: { sessionId: string }): Promise<void> {
  await revokeSession(deps.prisma, { sessionId, reason: 'SIGNED_OUT', now: deps.clock.now() });
}
