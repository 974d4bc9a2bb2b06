import { useEffect, useRef, useState } from 'react';
import { useOnline } from '../state/store';

/**
 * A read from the engine kept fresh while a page shows it: at once, again whenever one of
 * `triggers` changes (the engine's own news), and every `intervalMs` for what changes elsewhere
 * (the chain). Offline it keeps the last value and waits.
 */
export function usePolledRead<T>(read: () => Promise<T>, enabled: boolean, triggers: readonly unknown[], intervalMs: number) {
  const online = useOnline();
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The latest closure, without restarting the timer each render.
  const latestRead = useRef(read);
  latestRead.current = read;
  useEffect(() => {
    if (!enabled || !online) return;
    let shown = true;
    const load = async () => {
      try {
        const next = await latestRead.current();
        if (!shown) return;
        setValue(next);
        setError(null);
      } catch (e) {
        if (shown) setError((e as Error).message);
      }
    };
    void load();
    const timer = setInterval(() => void load(), intervalMs);
    return () => {
      shown = false;
      clearInterval(timer);
    };
  }, [enabled, online, intervalMs, ...triggers]);
  return { value, error };
}
