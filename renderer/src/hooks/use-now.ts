import { useEffect, useState } from 'react';

/** The time, refreshed every `intervalMs`, for figures that run out (a snooze) without an engine event. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
