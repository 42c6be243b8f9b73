import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { RequirePermission } from './auth/RequirePermission.tsx';
import { RequireSession } from './auth/RequireSession.tsx';
import { AppLayout } from './components/AppLayout/AppLayout.tsx';
import { RouteErrorBoundary } from './components/RouteErrorBoundary/RouteErrorBoundary.tsx';
import { CONSOLE_AREAS } from './console-areas.ts';
// Static: the error boundary shows it too, for the API's NOT_FOUND.
import NotFoundPage from './features/not-found/NotFound.page.tsx';

const SignInPage = lazy(() => import('./auth/SignIn.page.tsx'));

/** Every area's page and its subpages, each behind its permission. */
function listPageRoutes() {
  const pages = CONSOLE_AREAS.flatMap((area) => [area, ...(area.subpages ?? []).map((subpage) => ({ ...subpage, permission: subpage.permission ?? area.permission }))]);
  return pages.map(({ route, permission, page: Page }) => ({
    path: route,
    element: (
      <RequirePermission permission={permission}>
        <Page />
      </RequirePermission>
    ),
  }));
}

/** Sign-in outside the shell; every console area inside it, behind its permission; 404 for the rest. */
export function createConsoleRouter() {
  return createBrowserRouter([
    { path: '/sign-in', element: <SignInPage />, errorElement: <RouteErrorBoundary /> },
    {
      element: (
        <RequireSession>
          <AppLayout />
        </RequireSession>
      ),
      errorElement: <RouteErrorBoundary />,
      children: [
        {
          // A failing page keeps the shell around it.
          errorElement: <RouteErrorBoundary />,
          children: [
            ...listPageRoutes(),
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}
