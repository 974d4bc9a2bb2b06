import { useEffect, useRef, useState } from 'react';

/**
 * Copies `text` to the clipboard and says so for a few seconds, in words a screen reader hears.
 * Where the clipboard is refused, `onFallback` (selecting the text) lets the user copy by hand.
 */
export function CopyButton({ text, label, onFallback }: { text: string; label: string; onFallback?: () => void }) {
  const [said, setSaid] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useEffect(() => setSaid(null), [text]);

  const copy = async () => {
    clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(text);
      setSaid('Copied');
    } catch {
      onFallback?.();
      setSaid(onFallback ? 'Selected: press Ctrl+C to copy' : 'Could not copy');
    }
    timer.current = setTimeout(() => setSaid(null), 4000);
  };

  return (
    <>
      <button type="button" className="secondary" aria-label={label} onClick={() => void copy()}>
        Copy
      </button>
      <span className="copy-said" role="status">
        {said}
      </span>
    </>
  );
}
