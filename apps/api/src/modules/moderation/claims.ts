/**
 * Claims on submissions: a moderator claims one before deciding it; a claim lasts 10 minutes
 * unless the open page renews it (heartbeat); a moderator holds at most 3 at once. The claim
 * is one conditional UPDATE, so of two moderators claiming at the same moment exactly one wins;
 * the moderator's own row is locked while counting, so parallel claims cannot pass the limit.
 */
import { AppError } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { writeAudit, type Actor } from '../audit/index.ts';
import type { ModerationDeps } from './deps.ts';

export const CLAIM_TTL_SECONDS = 10 * 60;
export const MAX_ACTIVE_CLAIMS = 3;

export interface ClaimInput {
  /** The moderator claiming (audited). */
  actor: Actor;
  submissionId: string;
}

/**
 * Claims (or re-claims) `{ submissionId }` for `actor` until `deps.clock.now()` + 10 minutes.
 * @returns `{ submissionId, claimExpiresAt }`.
 * @throws AppError NOT_FOUND (unknown), FORBIDDEN (own plugin), CONFLICT (decided, or claimed
 *   by someone else — the message names who and until when), PRECONDITION_FAILED (3 claims held).
 */
export async function claimSubmission(deps: ModerationDeps, { actor, submissionId }: ClaimInput) {
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + CLAIM_TTL_SECONDS * 1000);
  return deps.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${actor.userId} FOR UPDATE`;
    const submission = await tx.submission.findUnique({
      where: { id: submissionId },
      select: { status: true, claimedById: true, claimExpiresAt: true, claimedBy: { select: { name: true } }, creator: { select: { userId: true } } },
    });
    if (!submission) throw new AppError('NOT_FOUND', { message: `No submission ${submissionId}`, field: 'submissionId' });
    if (submission.creator.userId === actor.userId) throw new AppError('FORBIDDEN', { message: 'You cannot review your own plugin' });
    const held = await tx.submission.count({ where: { claimedById: actor.userId, claimExpiresAt: { gt: now }, status: 'PENDING', id: { not: submissionId } } });
    if (held >= MAX_ACTIVE_CLAIMS) {
      throw new AppError('PRECONDITION_FAILED', { message: `You already hold ${held} claims (at most ${MAX_ACTIVE_CLAIMS}); decide or release one first` });
    }
    const { count } = await tx.submission.updateMany({
      where: { id: submissionId, status: 'PENDING', OR: [{ claimedById: null }, { claimExpiresAt: { lte: now } }, { claimedById: actor.userId }] },
      data: { claimedById: actor.userId, claimExpiresAt: expiresAt },
    });
    if (count === 0) {
      const current = await tx.submission.findUniqueOrThrow({ where: { id: submissionId }, select: { status: true, claimExpiresAt: true, claimedBy: { select: { name: true } } } });
      if (current.status !== 'PENDING') throw new AppError('CONFLICT', { message: `This submission is ${current.status.toLowerCase().replace('_', ' ')}; there is nothing to claim` });
      throw new AppError('CONFLICT', { message: `Claimed by ${current.claimedBy?.name ?? 'another moderator'} for ${minutesUntil(current.claimExpiresAt, now)} more minute(s)` });
    }
    await writeAudit(tx, { actor, action: 'submissions.claim', targetType: 'Submission', targetId: submissionId, after: { claimExpiresAt: expiresAt } });
    return { submissionId, claimExpiresAt: expiresAt };
  });
}

/** Whole minutes from `now` until `until`, at least 1. */
function minutesUntil(until: Date | null, now: Date): number {
  return Math.max(1, Math.ceil(((until?.getTime() ?? now.getTime()) - now.getTime()) / 60_000));
}

/**
 * Extends `actor`'s claim on `{ submissionId }` to `deps.clock.now()` + 10 minutes (the open
 * page's heartbeat). Not audited: it changes nothing but the expiry.
 * @returns `{ submissionId, claimExpiresAt }`.
 * @throws AppError CONFLICT when the claim expired and was taken, or is not the actor's.
 */
export async function renewClaim(deps: ModerationDeps, { actor, submissionId }: ClaimInput) {
  const expiresAt = new Date(deps.clock.now().getTime() + CLAIM_TTL_SECONDS * 1000);
  const { count } = await deps.prisma.submission.updateMany({
    where: { id: submissionId, status: 'PENDING', claimedById: actor.userId },
    data: { claimExpiresAt: expiresAt },
  });
  if (count === 0) throw new AppError('CONFLICT', { message: 'You no longer hold the claim on this submission; claim it again' });
  return { submissionId, claimExpiresAt: expiresAt };
}

/**
 * Gives up `actor`'s claim on `{ submissionId }` (audited when there was one). Releasing a
 * claim one does not hold is a no-op.
 * @returns `{ submissionId, isReleased }`.
 */
export async function releaseClaim(deps: Pick<AppDeps, 'prisma'>, { actor, submissionId }: ClaimInput) {
  return deps.prisma.$transaction(async (tx) => {
    const { count } = await tx.submission.updateMany({
      where: { id: submissionId, claimedById: actor.userId },
      data: { claimedById: null, claimExpiresAt: null },
    });
    if (count > 0) await writeAudit(tx, { actor, action: 'submissions.release', targetType: 'Submission', targetId: submissionId });
    return { submissionId, isReleased: count > 0 };
  });
}
