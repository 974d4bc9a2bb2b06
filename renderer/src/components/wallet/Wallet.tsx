import { useRef, useState, type ReactNode } from 'react';
import type { WalletState } from '../../../../src/common/api';
import { useClient } from '../../api/client-context';
import { run, useOnline, useStore } from '../../state/store';
import { chainLabel, shortenAddress, walletView, type WalletProblem, type WalletView } from '../../wallet';
import { CopyButton } from './CopyButton';
import { QrCode } from './QrCode';
import { Loading } from '../Loading';
import { openWalletConnectSettings } from '../settings/WalletConnectSettings';

/**
 * The wallet actions. A failed request shows in the wallet card rather than the page banner: the
 * engine also records it as `lastError`, so the card is where the owner looks for it.
 */
function useWalletActions() {
  const client = useClient();
  const [failure, setFailure] = useState<string | null>(null);
  const act = (name: 'connectWallet' | 'disconnectWallet' | 'useDevWallet', call: () => Promise<unknown>) => async () => {
    setFailure(null);
    await run(name, call, (error) => setFailure(error.message));
  };
  return {
    failure,
    connect: act('connectWallet', () => client.connectWallet({})),
    disconnect: act('disconnectWallet', () => client.disconnectWallet({})),
    useDevWallet: act('useDevWallet', () => client.useDevWallet({})),
  };
}

type Actions = ReturnType<typeof useWalletActions>;

function Problem({ problem, children }: { problem: WalletProblem; children?: ReactNode }) {
  return (
    <div className="wallet-problem" role="alert">
      <p className="verdict no">{problem.title}</p>
      <p className="hint">{problem.detail}</p>
      {children}
    </div>
  );
}

function DevWalletOffer({ actions, busy, online }: { actions: Actions; busy: boolean; online: boolean }) {
  return (
    <section className="dev-wallet" aria-labelledby="dev-wallet-title">
      <h3 id="dev-wallet-title">
        No phone at hand? <span className="badge">Devnet only</span>
      </h3>
      <p className="hint">
        This miner runs on the local devnet, which has a funded test wallet. Its tokens are worthless anywhere else; use it to try mining, claiming and
        staking without a phone.
      </p>
      <button type="button" className="secondary" disabled={busy || !online} onClick={() => void actions.useDevWallet()}>
        Use the local dev wallet (devnet only)
      </button>
    </section>
  );
}

function Disconnected({ wallet, problem, actions }: { wallet: WalletState; problem: WalletProblem | null; actions: Actions }) {
  const online = useOnline();
  const goTo = useStore((s) => s.goTo);
  // A relay that does not answer may be a wrong address the owner typed: Settings is where it is fixed.
  const relayProblem = wallet.configurable && wallet.lastError?.name === 'WALLET_UNAVAILABLE';
  const connecting = useStore((s) => s.busy.connectWallet ?? false);
  const devBusy = useStore((s) => s.busy.useDevWallet ?? false);
  const chain = wallet.chainId === null ? null : chainLabel(wallet.chainId);
  const button = (
    <button type="button" className="primary" disabled={connecting || devBusy || !online} onClick={() => void actions.connect()}>
      {connecting ? 'Preparing the code…' : problem ? 'Try again' : 'Connect wallet'}
    </button>
  );
  return (
    <>
      {problem ? (
        <Problem problem={problem}>
          <div className="button-row">
            {button}
            {relayProblem && (
              <button type="button" className="secondary" onClick={() => openWalletConnectSettings(goTo)}>
                Check the WalletConnect settings
              </button>
            )}
          </div>
        </Problem>
      ) : (
        <>
          <p>
            Connect the wallet app on your phone (MetaMask, Trust Wallet or any other WalletConnect wallet){chain ? ` on ${chain}` : ''}. Its address
            becomes this machine’s payout address: everything it earns is paid there.
          </p>
          <div className="button-row">{button}</div>
        </>
      )}
      {wallet.devWalletAvailable && <DevWalletOffer actions={actions} busy={connecting || devBusy} online={online} />}
    </>
  );
}

function Pairing({ uri, wallet, actions }: { uri: string; wallet: WalletState; actions: Actions }) {
  const online = useOnline();
  const connecting = useStore((s) => s.busy.connectWallet ?? false);
  const cancelling = useStore((s) => s.busy.disconnectWallet ?? false);
  const field = useRef<HTMLInputElement>(null);
  return (
    <div className="pairing">
      <div className="pairing-code">
        <QrCode text={uri} label="WalletConnect pairing code" />
      </div>
      <div className="pairing-steps">
        <h3>Scan with your wallet app</h3>
        <ol>
          <li>Open the wallet app on your phone.</li>
          <li>Find its WalletConnect scanner (often a QR icon) and scan this code.</li>
          <li>Check the request and approve it{wallet.chainId === null ? '' : ` for ${chainLabel(wallet.chainId)}`}.</li>
        </ol>
        <Loading inline>Waiting for your wallet to approve…</Loading>
        <div className="field">
          <label htmlFor="pairing-link">Pairing link</label>
          <span className="hint" id="pairing-link-hint">
            For a wallet on this computer: copy the link and paste it into the wallet’s WalletConnect field.
          </span>
          <div className="copy-row">
            <input
              id="pairing-link"
              ref={field}
              className="mono"
              type="text"
              readOnly
              value={uri}
              aria-describedby="pairing-link-hint"
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyButton text={uri} label="Copy pairing link" onFallback={() => field.current?.select()} />
          </div>
        </div>
        <p className="hint">
          The code not working?{' '}
          <button type="button" className="link" disabled={connecting || cancelling || !online} onClick={() => void actions.connect()}>
            Get a new code
          </button>
        </p>
        <div className="button-row">
          <button type="button" className="secondary" disabled={cancelling || !online} onClick={() => void actions.disconnect()}>
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        </div>
      </div>
    </div>
  );
}

function Connected({ view, actions }: { view: Extract<WalletView, { kind: 'connected' }>; actions: Actions }) {
  const online = useOnline();
  const busy = useStore((s) => s.busy.disconnectWallet ?? false);
  const dev = view.walletKind === 'local-dev';
  return (
    <>
      <dl className="facts wallet-facts">
        <div>
          <dt>Wallet</dt>
          <dd>{view.label}</dd>
        </div>
        <div>
          <dt>Payout address</dt>
          <dd className="copy-row">
            <code className="address" title={view.address}>
              {shortenAddress(view.address)}
            </code>
            <CopyButton text={view.address} label="Copy address" />
          </dd>
        </div>
        <div>
          <dt>Chain</dt>
          <dd>{chainLabel(view.chainId)}</dd>
        </div>
      </dl>
      <p>
        This is your payout address: everything this machine earns is paid to it. The miner proves it to the network with a message{' '}
        {dev ? 'the dev key' : 'your wallet'} signed.
        {dev && ' The local dev wallet exists on this devnet only; its tokens are worthless anywhere else.'}
      </p>
      {view.wrongChain && (
        <Problem
          problem={{
            title: `Your wallet is on ${chainLabel(view.chainId)}, but PlexAi runs on ${chainLabel(view.wrongChain.expected)}.`,
            detail: `Switch back to ${chainLabel(view.wrongChain.expected)} in your wallet app: claims and staking go through only there.`,
            refused: false,
          }}
        />
      )}
      <div className="button-row">
        <button type="button" className="secondary" disabled={busy || !online} onClick={() => void actions.disconnect()}>
          {busy ? 'Disconnecting…' : 'Disconnect'}
        </button>
      </div>
    </>
  );
}

/** Connecting the owner's wallet, from the engine's state: on the Wallet page and as a step of Get started. */
export function WalletFlow() {
  const wallet = useStore((s) => s.engine?.wallet);
  const goTo = useStore((s) => s.goTo);
  const actions = useWalletActions();
  if (!wallet) return null;
  const view = walletView(wallet);
  return (
    <div className="wallet-flow">
      {view.kind === 'unavailable' && (
        <>
          <p className={`verdict ${view.fixInSettings ? 'info' : 'no'}`}>{view.fixInSettings ? 'WalletConnect is not set up yet.' : 'Connecting a wallet is not available in this miner.'}</p>
          <p>{view.reason}</p>
          {view.fixInSettings && (
            <div className="button-row">
              <button type="button" className="primary" onClick={() => openWalletConnectSettings(goTo)}>
                Set up WalletConnect
              </button>
            </div>
          )}
          <p className="hint">The hardware check and the benchmark work without it; a wallet is where your earnings are paid.</p>
        </>
      )}
      {view.kind === 'disconnected' && <Disconnected wallet={wallet} problem={view.problem} actions={actions} />}
      {view.kind === 'pairing' && <Pairing uri={view.uri} wallet={wallet} actions={actions} />}
      {view.kind === 'connected' && <Connected view={view} actions={actions} />}
      {actions.failure && !(view.kind === 'disconnected' && view.problem) && (
        <p className="verdict no" role="alert">
          {actions.failure}
        </p>
      )}
    </div>
  );
}
