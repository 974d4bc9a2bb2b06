/** A transaction hash cut to its first bytes, which tell transactions apart; the whole hash is the tooltip. */
export function TxHash({ hash }: { hash: string }) {
  return <code title={hash}>{hash.slice(0, 10)}…</code>;
}
