/**
 * Reconnection delay for the attempt-th consecutive failure: exponential from `baseMs`, capped at
 * `capMs`, with full jitter, so that nodes dropped together by a coordinator restart do not all
 * come back in the same instant.
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
