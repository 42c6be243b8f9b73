import { Alert } from '@mantine/core';
import { IconAlertCircle, IconClockPause } from '@tabler/icons-react';
import { describeError, readErrorData } from '../lib/errors.ts';
import { formatTime } from '../lib/format.ts';

/**
 * Why sign-in failed, in words: a wrong email or password, a disabled account, or — after five
 * failures within 15 minutes — the lock-out with the time the person may try again.
 */
export function SignInError({ error, failedAt }: { error: unknown; failedAt: number }) {
  const data = readErrorData(error);
  if (data?.code === 'TOO_MANY_REQUESTS' && data.retryAfterSeconds !== undefined) {
    const retryAt = new Date(failedAt + data.retryAfterSeconds * 1000);
    const minutes = Math.ceil(data.retryAfterSeconds / 60);
    return (
      <Alert color="orange" icon={<IconClockPause />} title="Sign-in locked for this email" data-testid="sign-in-locked">
        Too many failed attempts. Try again in {minutes} {minutes === 1 ? 'minute' : 'minutes'}, at{' '}
        {formatTime(retryAt)}.
      </Alert>
    );
  }
  if (data?.fieldErrors) return null; // shown under the fields
  return (
    <Alert color="red" icon={<IconAlertCircle />} title="Could not sign in" data-testid="sign-in-error">
      {describeError(error)}
    </Alert>
  );
}
