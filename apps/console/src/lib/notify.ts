import { notifications } from '@mantine/notifications';
import { describeError, readRequestId } from './errors.ts';

export function notifySuccess(title: string, message: string) {
  notifications.show({ color: 'teal', title, message, autoClose: 5000 });
}

/** A failed action: the API's message, and the request id to quote when asking for help. */
export function notifyFailure(title: string, error: unknown) {
  const requestId = readRequestId(error);
  notifications.show({
    color: 'red',
    title,
    message: requestId ? `${describeError(error)} (request id ${requestId})` : describeError(error),
    autoClose: 10_000,
  });
}
