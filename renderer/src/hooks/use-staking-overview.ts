import type { StakingOverview } from '../../../src/common/staking';
import { useClient } from '../api/client-context';
import { useStore } from '../state/store';
import { usePolledRead } from './use-polled-read';

/** How often the figures are read again from the chain while a page shows them (they tick locally in between). */
const REFRESH_MS = 15_000;

/**
 * The chain's staking figures: read through getStaking when a page opens, when the engine says
 * they changed (a confirmed write, another wallet), and every REFRESH_MS; with the offset between
 * the chain's clock and ours, so rewards tick in chain time (see `chainNow`).
 */
export function useStakingOverview(enabled: boolean) {
  const client = useClient();
  const revision = useStore((s) => s.engine?.staking.revision ?? 0);
  const address = useStore((s) => (s.engine?.wallet.connection.status === 'connected' ? s.engine.wallet.connection.address : null));
  const { value, error } = usePolledRead(
    async () => ({ overview: await client.getStaking({}), fetchedAt: Date.now() / 1000 }),
    enabled,
    [client, revision, address],
    REFRESH_MS,
  );
  const clock = value ? { asOf: value.overview.asOf, fetchedAt: value.fetchedAt } : { asOf: 0, fetchedAt: 0 };
  return { overview: value?.overview ?? null, clock, error };
}

/**
 * The chain's time now. The latest block's timestamp, carried forward, where the chain runs ahead
 * of this clock (a devnet that jumped time); this clock where the latest block is old (a local
 * chain mines only on transactions). On BNB Smart Chain, with a block every few seconds, they agree.
 */
export function chainNow(clock: { asOf: number; fetchedAt: number }, wallSeconds: number): number {
  return Math.max(clock.asOf + (wallSeconds - clock.fetchedAt), wallSeconds);
}
