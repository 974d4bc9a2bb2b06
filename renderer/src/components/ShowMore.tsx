import { useState } from 'react';

/**
 * The first `count` rows of a long list, and the rest one click away: a full table of short
 * epochs or second-long tasks would otherwise be the longest thing on its page.
 */
export function useShowMore<T>(rows: readonly T[], count = 8): { shown: readonly T[]; hidden: number; showAll(): void } {
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.slice(0, count);
  return { shown, hidden: rows.length - shown.length, showAll: () => setAll(true) };
}

/** "Show 16 earlier epochs", under the table; nothing once all rows show. */
export function ShowMoreButton({ hidden, noun, onClick }: { hidden: number; noun: [one: string, many: string]; onClick(): void }) {
  if (hidden === 0) return null;
  return (
    <div className="button-row">
      <button type="button" className="secondary" onClick={onClick}>
        Show {hidden} {hidden === 1 ? noun[0] : noun[1]}
      </button>
    </div>
  );
}
