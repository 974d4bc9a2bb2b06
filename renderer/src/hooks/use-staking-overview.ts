import { useCallback, useEffect, useState } from 'react';
import type { StakingOverview } from '../../../src/common/staking';
import { useClient } from '../api/client-context';
import { useOnline, useStore } from '../state/store';

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
  const online = useOnline();
  const [overview, setOverview] = useState<StakingOverview | null>(null);
  const [clock, setClock] = useState({ asOf: 0, fetchedAt: 0 });
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const next = await client.getStaking({});
      setOverview(next);
      setClock({ asOf: next.asOf, fetchedAt: Date.now() / 1000 });
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
  }, [enabled, online, load, revision, address]);
  return { overview, clock, error };
}

/**
 * The chain's time now. The latest block's timestamp, carried forward, where the chain runs ahead
 * of this clock (a devnet that jumped time); this clock where the latest block is old (a local
 * chain mines only on transactions). On BNB Smart Chain, with a block every few seconds, they agree.
 */
export function chainNow(clock: { asOf: number; fetchedAt: number }, wallSeconds: number): number {
  return Math.max(clock.asOf + (wallSeconds - clock.fetchedAt), wallSeconds);
}
