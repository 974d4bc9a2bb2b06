import { useClient } from '../api/client-context';
import { useStore } from '../state/store';
import { usePolledRead } from './use-polled-read';

/** Transfers from elsewhere reach the wallet without any event of ours: the feed is read again this often. */
const REFRESH_MS = 15_000;
const SHOWN = 20;

/**
 * The connected wallet's recent transactions: read when shown, whenever this node's own writes
 * move (a staking write or a mining claim confirmed), on a wallet switch, and every REFRESH_MS.
 */
export function useTransactions(enabled: boolean) {
  const client = useClient();
  const revision = useStore((s) => s.engine?.staking.revision ?? 0);
  const claimed = useStore((s) => (s.engine?.earnings.claim.status === 'confirmed' ? s.engine.earnings.claim.hash : null));
  const address = useStore((s) => (s.engine?.wallet.connection.status === 'connected' ? s.engine.wallet.connection.address : null));
  const { value: feed, error } = usePolledRead(() => client.getTransactions({ limit: SHOWN }), enabled, [client, revision, claimed, address], REFRESH_MS);
  return { feed: feed && feed.account === address ? feed : null, error };
}
