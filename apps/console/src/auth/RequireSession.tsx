import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { useSession } from './useSession.ts';

/**
 * Renders `children` for a signed-in user; anyone else goes to sign-in (with `ended=<reason>` when
 * their session was ended for one), and comes back after.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const { user, sessionEndReason } = useSession();
  if (!user) {
    // Where the person is going, from the address bar: a session that ends while the next page
    // still loads (its lazy code or data suspends the navigation's transition) is found by that
    // page's queries, but the router's location is still the page being left.
    const next = `${window.location.pathname}${window.location.search}`;
    const params = new URLSearchParams(next === '/' ? {} : { next });
    // The API says why a session ended (a role change, a password reset…); sign-in tells the person.
    if (sessionEndReason) params.set('ended', sessionEndReason);
    const search = params.size ? `?${params}` : '';
    return <Navigate to={`/sign-in${search}`} replace />;
  }
  return children;
}
