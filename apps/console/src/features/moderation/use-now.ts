import { useEffect, useState } from 'react';

/** The current time, re-read every `intervalMs` while `isTicking` (for countdowns). */
export function useNow(intervalMs: number, isTicking = true): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!isTicking) return;
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, isTicking]);
  return now;
}
