import { useMemo } from 'react';
import { useClient } from '../api/client-context';
import { ClaimRewards, type StakingClaimable } from '../components/dashboard/ClaimRewards';
import { EarningsTrend } from '../components/dashboard/EarningsTrend';
import { AssetOverview, NetworkStatistics, RewardHistory, type StakedFigures } from '../components/dashboard/Panels';
import { RecentTransactions } from '../components/dashboard/RecentTransactions';
import { StakeDistribution } from '../components/dashboard/StakeDistribution';
import { formatClock } from '../format';
import { useNow } from '../hooks/use-now';
import { useWrite } from '../hooks/use-write';
import { chainNow, useStakingOverview } from '../hooks/use-staking-overview';
import { useTransactions } from '../hooks/use-transactions';
import { stakeDistribution } from '../stake-distribution';
import { useOnline, useStore } from '../state/store';
import { Loading } from '../components/Loading';
import '../dashboard.css';

/** The whitepaper's six panels on live data: assets, claimable rewards, earnings trend, stake distribution, network statistics, recent transactions. */
export function DashboardPage() {
  const earnings = useStore((s) => s.engine?.earnings);
  const staking = useStore((s) => s.engine?.staking);
  const connected = useStore((s) => s.engine?.wallet.connection.status === 'connected');
  const goTo = useStore((s) => s.goTo);
  const online = useOnline();
  const client = useClient();
  const refresh = useWrite();
  const stakingHere = staking?.available ?? false;
  const { overview, clock, error: stakingError } = useStakingOverview(stakingHere && connected);
  const { feed, error: feedError } = useTransactions(stakingHere && connected);
  // Staking rewards accrue every second; they tick in chain time between reads.
  const now = chainNow(clock, useNow(1000) / 1000);
  const positions = overview?.account?.positions;
  const distribution = useMemo(() => (positions ? stakeDistribution(positions, now) : null), [positions, now]);
  const staked: StakedFigures = !stakingHere ? undefined : distribution ? { staked: distribution.total, pending: distribution.pending } : null;
  const stakingClaimable: StakingClaimable = !stakingHere
    ? undefined
    : distribution
      ? { pending: distribution.pending, positions: positions!.length, activity: staking?.activity ?? null }
      : null;
  // A failed refresh needs no word of its own: the engine reports it as the earnings error above.
  const retry = () => void refresh.start(() => client.refreshEarnings({}));

  let body;
  if (!earnings) {
    body = <Loading>Loading the miner’s state…</Loading>;
  } else if (!earnings.available) {
    body = (
      <section className="card empty">
        <h2>Rewards are not available on this network yet</h2>
        <p>{earnings.unavailableReason}</p>
      </section>
    );
  } else if (!earnings.account) {
    body = (
      <section className="card offer">
        <h2>Connect a wallet to see your rewards</h2>
        <p>Mining rewards are paid to your wallet’s address; the dashboard shows them once one is connected.</p>
        <div className="button-row">
          <button type="button" className="primary" onClick={() => goTo('wallet')}>
            Connect a wallet
          </button>
        </div>
      </section>
    );
  } else if (earnings.updatedAt === null && !earnings.error) {
    body = <Loading>Reading your rewards from the network…</Loading>;
  } else {
    body = (
      <>
        <div className="two-up">
          <AssetOverview earnings={earnings} staking={staked} />
          <ClaimRewards earnings={earnings} staking={stakingClaimable} />
        </div>
        <EarningsTrend earnings={earnings} />
        {stakingHere &&
          (overview && distribution ? (
            <StakeDistribution overview={overview} distribution={distribution} />
          ) : stakingError ? (
            <section className="card" aria-labelledby="stake-distribution-title">
              <h2 id="stake-distribution-title">Stake distribution</h2>
              <p className="verdict no" role="alert">
                Could not read the staking contract: {stakingError}
              </p>
            </section>
          ) : (
            <Loading>Reading your staking positions…</Loading>
          ))}
        <NetworkStatistics network={earnings.network} updatedAt={earnings.updatedAt} />
        {stakingHere && <RecentTransactions feed={feed} error={feedError} activity={staking?.activity ?? null} claim={earnings.claim} />}
        <RewardHistory earnings={earnings} />
      </>
    );
  }

  return (
    <div className="page">
      <header className="page-header">
        <h1>Dashboard</h1>
      </header>
      {!online && earnings && (
        <p className="card offline" role="status">
          Offline: these are the last figures the engine reported; claiming comes back with the connection.
        </p>
      )}
      {earnings?.error && (
        <div className="card" role="alert">
          <p className="verdict no">
            {earnings.error.message}
            {earnings.updatedAt ? ` The figures below are from ${formatClock(new Date(earnings.updatedAt))}.` : ''}
          </p>
          <button type="button" className="secondary" onClick={retry} disabled={!online || refresh.running}>
            {refresh.running ? 'Trying…' : 'Try again'}
          </button>
        </div>
      )}
      {body}
    </div>
  );
}
