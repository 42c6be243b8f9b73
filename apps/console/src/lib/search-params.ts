import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export type SearchParamsPatch = Record<string, string | number | undefined | null>;

/**
 * The page's filters live in the URL so a filtered view can be shared and survives reloads.
 * `update` merges a patch (empty, null or undefined removes the key) into the current search.
 */
export function useSearchParamsPatch() {
  const [searchParams, setSearchParams] = useSearchParams();
  const update = useCallback(
    (patch: SearchParamsPatch, options: { replace?: boolean } = {}) => {
      setSearchParams(
        () => {
          // The address bar, not the updater's argument: that is the search of the render the
          // handler was made in, so a patch right after another navigation (a tab, then a
          // filter) would drop what that navigation set.
          const next = new URLSearchParams(window.location.search);
          for (const [key, value] of Object.entries(patch)) {
            if (value === undefined || value === null || value === '') next.delete(key);
            else next.set(key, String(value));
          }
          return next;
        },
        { replace: options.replace ?? true },
      );
    },
    [setSearchParams],
  );
  return [searchParams, update] as const;
}

/** A positive integer from the URL, else `fallback`. */
export function readPositiveInt(raw: string | null, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(raw);
  return Number.isInteger(value) && value >= 1 ? Math.min(value, max) : fallback;
}

/** `raw` when it is one of `allowed`, else undefined. */
export function readOneOf<T extends string>(raw: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((value) => value === raw);
}
