import { useState } from 'react';

/**
 * `value`, or while it is null the last non-null value: lets a closing modal keep showing its
 * content through the exit transition after the page has already cleared the selection.
 */
export function useLastPresent<T>(value: T | null): T | null {
  const [last, setLast] = useState(value);
  if (value !== null && value !== last) setLast(value);
  return value ?? last;
}
