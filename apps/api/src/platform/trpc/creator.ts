import { AppError, type SessionUser } from '@marketdesk/shared';

/**
 * The creator account of a signed-in creator.
 * @throws AppError NOT_FOUND when the user has no creator account linked (nothing of theirs exists).
 */
export function requireCreatorId(user: SessionUser): string {
  if (!user.creatorId) throw new AppError('NOT_FOUND', { message: 'Your account is not linked to a creator account' });
  return user.creatorId;
}
