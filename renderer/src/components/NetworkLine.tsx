import { useMemo } from 'react';
import type { NetworkState } from '../../../src/common/api';
import { useNow } from '../hooks/use-now';
import { networkWords, secondsUntil } from '../network-words';

/** The coordinator connection as one live line; while the engine waits to retry, it counts down. */
export function NetworkLine({ network }: { network: NetworkState }) {
  const now = useNow(1000);
  // Each wait is a new attempt number: the countdown starts when its state arrives, not at each event.
  const waitKey = network.status === 'waiting' ? network.attempt : null;
  const retryInMs = network.status === 'waiting' ? network.retryInMs : 0;
  const retryAt = useMemo(() => Date.now() + retryInMs, [waitKey]);
  const words = networkWords(network, secondsUntil(retryAt, now));
  // Not a live region: a countdown read out every second would drown everything else.
  return <p className={words.tone === 'muted' ? 'muted' : `verdict ${words.tone}`}>{words.text}</p>;
}
