import { WalletFlow } from '../components/wallet/Wallet';
import { useOnline, useStore } from '../state/store';
import { Loading } from '../components/Loading';

/** The owner's wallet: connect with WalletConnect (or the devnet's dev wallet), see the payout address, disconnect. */
export function WalletPage() {
  const loaded = useStore((s) => s.engine !== null);
  const online = useOnline();
  return (
    <div className="page">
      <header className="page-header">
        <h1>Wallet</h1>
      </header>
      {!loaded ? (
        <Loading>Loading the miner’s state…</Loading>
      ) : (
        <section className="card" aria-labelledby="wallet-title">
          <h2 id="wallet-title">Your payout wallet</h2>
          {!online && (
            <p className="offline" role="status">
              Offline: this is the last state the engine reported. Connecting and disconnecting come back with the connection.
            </p>
          )}
          <WalletFlow />
        </section>
      )}
    </div>
  );
}
