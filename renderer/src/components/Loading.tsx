import type { ReactNode } from 'react';

/** A spinner and what is under way, announced politely: a card of its own, or a line inside one (`inline`). */
export function Loading({ children, inline = false }: { children: ReactNode; inline?: boolean }) {
  const Tag = inline ? 'p' : 'div';
  return (
    <Tag className={inline ? 'loading' : 'card loading'} role="status">
      <span className="spinner" aria-hidden="true" /> {children}
    </Tag>
  );
}
