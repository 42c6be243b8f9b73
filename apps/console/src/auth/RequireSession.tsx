import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from './useSession.ts';

/** Renders `children` for a signed-in user; anyone else goes to sign-in, and comes back after. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (!user) {
    const next = `${location.pathname}${location.search}`;
    const search = next === '/' ? '' : `?${new URLSearchParams({ next })}`;
    return <Navigate to={`/sign-in${search}`} replace />;
  }
  return children;
}
