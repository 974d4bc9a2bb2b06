import { useCallback, useEffect, useState } from 'react';
import type { TransactionFeed } from '../../../src/common/transactions';
import { useClient } from '../api/client-context';
import { useOnline, useStore } from '../state/store';

/** Transfers from elsewhere reach the wallet without any event of ours: the feed is read again this often. */
const REFRESH_MS = 15_000;
const SHOWN = 20;

/**
 * The connected wallet's recent transactions: read when shown, whenever this node's own writes
 * move (a staking write or a mining claim confirmed), on a wallet switch, and every REFRESH_MS.
 */
export function useTransactions(enabled: boolean) {
  const client = useClient();
  const online = useOnline();
  const revision = useStore((s) => s.engine?.staking.revision ?? 0);
  const claimed = useStore((s) => (s.engine?.earnings.claim.status === 'confirmed' ? s.engine.earnings.claim.hash : null));
  const address = useStore((s) => (s.engine?.wallet.connection.status === 'connected' ? s.engine.wallet.connection.address : null));
  const [feed, setFeed] = useState<TransactionFeed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setFeed(await client.getTransactions({ limit: SHOWN }));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [client]);
  useEffect(() => {
    if (!enabled || !online) return;
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [enabled, online, load, revision, claimed, address]);
  return { feed: feed && feed.account === address ? feed : null, error };
}
