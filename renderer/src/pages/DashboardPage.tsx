import { useState } from 'react';
import { useClient } from '../api/client-context';
import { ClaimRewards } from '../components/dashboard/ClaimRewards';
import { EarningsTrend } from '../components/dashboard/EarningsTrend';
import { AssetOverview, NetworkStatistics, RewardHistory } from '../components/dashboard/Panels';
import { formatClock } from '../format';
import { useOnline, useStore } from '../state/store';
import { Loading } from '../components/Loading';

/** Assets, claimable mining rewards with their history, and the network's figures, on live data. */
export function DashboardPage() {
  const earnings = useStore((s) => s.engine?.earnings);
  const goTo = useStore((s) => s.goTo);
  const online = useOnline();
  const client = useClient();
  const [retrying, setRetrying] = useState(false);
  const retry = () => {
    setRetrying(true);
    client
      .refreshEarnings({})
      .catch(() => undefined)
      .finally(() => setRetrying(false));
  };

  let body;
  if (!earnings) {
    body = (
      <Loading>Loading the miner’s state…</Loading>
    );
  } else if (!earnings.available) {
    body = (
      <section className="card empty">
        <h2>Rewards are not available on this network yet</h2>
        <p>{earnings.unavailableReason}</p>
      </section>
    );
  } else if (!earnings.account) {
    body = (
      <section className="card empty">
        <h2>Connect a wallet to see your rewards</h2>
        <p>Mining rewards are paid to your wallet’s address; the dashboard shows them once one is connected.</p>
        <button type="button" className="primary" onClick={() => goTo('wallet')}>
          Connect a wallet
        </button>
      </section>
    );
  } else if (earnings.updatedAt === null && !earnings.error) {
    body = (
      <Loading>Reading your rewards from the network…</Loading>
    );
  } else {
    body = (
      <>
        <div className="two-up">
          <AssetOverview earnings={earnings} />
          <ClaimRewards earnings={earnings} />
        </div>
        <EarningsTrend earnings={earnings} />
        <NetworkStatistics network={earnings.network} updatedAt={earnings.updatedAt} />
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
          <button type="button" className="secondary" onClick={retry} disabled={!online || retrying}>
            {retrying ? 'Trying…' : 'Try again'}
          </button>
        </div>
      )}
      {body}
    </div>
  );
}
