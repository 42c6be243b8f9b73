/**
 * A page's dialog held in the URL, so a link (the command palette's "Refund…", "Revoke
 * license…") can open a page with the dialog already open: `?refund=1`, `?action=revoke`.
 * Closing the dialog removes the parameter; the browser's history is not filled (replace).
 */
import { readOneOf, useSearchParamsPatch } from './search-params.ts';

/** `[isOpen, { open, close }]` like Mantine's useDisclosure, open while `?<name>=1`. */
export function useSearchParamFlag(name: string) {
  const [params, update] = useSearchParamsPatch();
  return [params.get(name) === '1', { open: () => update({ [name]: '1' }), close: () => update({ [name]: null }) }] as const;
}

/** `[choice, setChoice]`: `?<name>=` one of `allowed` (anything else is no choice); null removes it. */
export function useSearchParamChoice<T extends string>(name: string, allowed: readonly T[]) {
  const [params, update] = useSearchParamsPatch();
  return [readOneOf(params.get(name), allowed) ?? null, (choice: T | null) => update({ [name]: choice })] as const;
}
