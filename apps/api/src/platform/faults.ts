/**
 * Fault points, for tests only: places in the code where a test can make the process die by
 * `kill -9` at an exact moment (a claim taken, a Stripe call answered, a transaction not yet
 * committed), to show that another process finishes the work exactly once.
 *
 * Armed through a folder: with `MARKETDESK_FAULT_DIR` set, a test creates an empty file named
 * after a point in that folder; the first process of any that share the folder to reach the point
 * removes the file and sends itself SIGKILL. Removing a file succeeds for exactly one process,
 * so a point armed once kills once, whichever of the competing processes claimed the work — and
 * a test arms the next point without restarting anyone. Without `MARKETDESK_FAULT_DIR` (every
 * real deployment) reaching a point is one comparison. Read here rather than in config.ts: it is
 * no setting of the product, and the points sit deep in services that take no config.
 */
import { unlinkSync } from 'node:fs';
import path from 'node:path';

/** Every fault point, named `<work>.<moment>`. */
export const FAULT_POINTS = [
  /** A purchase's sync (webhook processing) wrote its rows and ledger postings; the transaction is not committed. */
  'purchase-sync.before-commit',
  /** A quality scan finished and its findings are written; the transaction storing the report is not committed. */
  'quality-scan.before-commit',
  /** A renewal's charge was confirmed at Stripe; nothing of it is synced (no period, no ledger posting). */
  'renewal.after-charge',
  /** Stripe answered a refund; its Refund row is still PENDING without Stripe's id and nothing is posted. */
  'refund.after-stripe-call',
] as const;

export type FaultPoint = (typeof FAULT_POINTS)[number];

const faultDir = process.env.MARKETDESK_FAULT_DIR || undefined;

/**
 * Dies here (SIGKILL to this process) when point `name` is armed in MARKETDESK_FAULT_DIR, and
 * disarms it; returns at once otherwise. Test-only: see the module comment.
 */
export function reachFaultPoint(name: FaultPoint): void {
  if (faultDir === undefined) return;
  try {
    unlinkSync(path.join(faultDir, name));
  } catch {
    return; // not armed, or another process took it
  }
  process.kill(process.pid, 'SIGKILL');
}
