import { Suspense, useState } from 'react';
import { Center, Loader, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { createConsoleClients } from './lib/query-client.ts';
import { TRPCProvider } from './lib/trpc.ts';
import { createConsoleRouter } from './routes.tsx';
import { cssVariablesResolver, theme } from './theme.ts';

export function App() {
  const [{ queryClient, trpcClient }] = useState(createConsoleClients);
  const [router] = useState(createConsoleRouter);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <Suspense fallback={<Center mih="100vh"><Loader aria-label="Loading Marketdesk" /></Center>}>
            <RouterProvider router={router} />
          </Suspense>
        </TRPCProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
