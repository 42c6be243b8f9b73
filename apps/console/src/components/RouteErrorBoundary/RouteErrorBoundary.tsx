import { useEffect } from 'react';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle } from '@tabler/icons-react';
import { isRouteErrorResponse, Link, useLocation, useNavigate, useRouteError } from 'react-router';
import { describeError, readErrorData } from '../../lib/errors.ts';
import NotFoundPage from '../../features/not-found/NotFound.page.tsx';
import { RequestId } from '../RequestId/RequestId.tsx';

/**
 * Shown in place of a page that failed: what went wrong and, for an API error, the id of the
 * failing request so that support can find it in the logs. The API's NOT_FOUND (a record that
 * does not exist, or another creator's) is the console's not-found page, like an unknown URL.
 */
export function RouteErrorBoundary() {
  const error = useRouteError();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const data = readErrorData(error);
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : describeError(error);
  // Forget the failed answers now that they are shown, else the page would throw them again at
  // once on "Try again" or when visited later; a fresh mount then asks the API anew.
  useEffect(() => {
    void queryClient.resetQueries({ predicate: (query) => query.state.status === 'error' });
  }, [queryClient, error]);
  // Rendering the same location afresh: a completed navigation clears the router's error.
  const retry = () => navigate(`${location.pathname}${location.search}`, { replace: true });
  if (data?.code === 'NOT_FOUND') return <NotFoundPage />;
  return (
    <Alert color="red" icon={<IconAlertTriangle />} title="This page could not be shown" maw={720} role="alert">
      <Stack gap="sm">
        <Text size="sm">{message}</Text>
        {data?.requestId && (
          <Group gap="xs">
            <Text size="sm" c="dimmed">Request id</Text>
            <RequestId id={data.requestId} />
          </Group>
        )}
        <Group>
          <Button size="xs" variant="light" onClick={() => void retry()}>Try again</Button>
          <Button size="xs" variant="subtle" component={Link} to="/">Go home</Button>
        </Group>
      </Stack>
    </Alert>
  );
}
