/** The in-console path to return to after sign-in; anything that could leave the site becomes "/". */
export function readSafeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
