import { useEffect, useRef, useState, type ReactNode } from 'react';
import { CpuModeOffer } from '../components/CpuModeOffer';
import { WalletFlow } from '../components/wallet/Wallet';
import { Benchmark } from '../components/mining/Benchmark';
import { statusOf } from '../components/mining/MiningStatus';
import { useClient } from '../api/client-context';
import { run, useOnline, useStore } from '../state/store';
import { StartStop } from './MiningPage';
import { Loading } from '../components/Loading';
import { NetworkLine } from '../components/NetworkLine';
import { savePatch, Toggle } from '../components/settings/fields';

function Step({ n, title, done, children }: { n: number; title: string; done: boolean; children: ReactNode }) {
  return (
    <li className={`card step ${done ? 'done' : ''}`}>
      <h2 id={`step-${n}`}>
        <span className="step-number" aria-hidden="true">
          {done ? '✓' : n}
        </span>{' '}
        {title}
        {done && <span className="visually-hidden"> (done)</span>}
      </h2>
      {children}
    </li>
  );
}

/**
 * Start at login on the last step, checked to begin with: the miner earns only while it runs, and
 * the owner who presses Start mining here takes it along without another click. It is saved with
 * that Start; once mining or already on, the box is the setting itself.
 */
function StartAtLoginOffer({ saved, running }: { saved: boolean; running: boolean }) {
  const client = useClient();
  const online = useOnline();
  const [offered, setOffered] = useState(true);
  const [saving, setSaving] = useState(false);
  const wasRunning = useRef(running);
  useEffect(() => {
    const started = running && !wasRunning.current;
    wasRunning.current = running;
    if (!started || !offered || saved) return;
    setSaving(true);
    void savePatch(client, { startAtLogin: true }).finally(() => setSaving(false));
  }, [running, offered, saved, client]);
  // Until the saved value arrives the box keeps what the owner chose, rather than flicker off.
  const pending = (!saved && !running) || saving;
  return (
    <Toggle
      label="Start at login"
      hint={
        pending
          ? 'Start hidden in the tray when you log in, so the miner is ready whenever you step away. Saved when you press Start mining; change it any time in Settings.'
          : 'Start hidden in the tray when you log in, so the miner is ready whenever you step away. You can change this in Settings too.'
      }
      checked={pending ? offered : saved}
      disabled={!online}
      onChange={(checked) => (pending ? setOffered(checked) : void savePatch(client, { startAtLogin: checked }))}
    />
  );
}

/** First run: hardware check → benchmark with progress → connect the payout wallet → start. */
export function OnboardingPage() {
  const client = useClient();
  const engine = useStore((s) => s.engine);
  const goTo = useStore((s) => s.goTo);

  if (!engine) {
    return (
      <div className="page">
        <header className="page-header">
          <h1>Get started</h1>
        </header>
        <Loading>Connecting to the miner…</Loading>
      </div>
    );
  }
  const { hardware, mining, settings, wallet } = engine;
  const supported = hardware.status === 'ready' ? hardware.report.gpus.filter((g) => g.verdict.supported).length : 0;
  const hardwareDone = hardware.status === 'ready' && (supported > 0 || settings.cpuMode);
  const status = statusOf(mining);

  return (
    <div className="page">
      <header className="page-header">
        <h1>Get started</h1>
      </header>
      <ol className="steps">
        <Step n={1} title="Check your hardware" done={hardwareDone}>
          {hardware.status === 'detecting' && (
            <Loading inline>Checking your hardware…</Loading>
          )}
          {hardware.status === 'failed' && (
            <div role="alert">
              <p className="verdict no">{hardware.error}</p>
              <button type="button" className="primary" onClick={() => void run('refreshHardware', () => client.refreshHardware({}))}>
                Try again
              </button>
            </div>
          )}
          {hardware.status === 'ready' && (
            <>
              <p>
                {supported > 0
                  ? `${supported === 1 ? 'One GPU qualifies' : `${supported} GPUs qualify`} for the PlexAi network.`
                  : 'No GPU in this machine qualifies for the network.'}{' '}
                <button type="button" className="link" onClick={() => goTo('hardware')}>
                  See the details
                </button>
              </p>
              {supported === 0 && <CpuModeOffer />}
            </>
          )}
        </Step>
        <Step n={2} title="Measure this machine" done={mining.benchmark.status === 'done'}>
          {/* After the hardware check, so the two do not compete for a small machine. */}
          <Benchmark benchmark={mining.benchmark} embedded autoStart={hardware.status !== 'detecting'} />
        </Step>
        <Step n={3} title="Connect your wallet" done={wallet.connection.status === 'connected'}>
          <WalletFlow />
        </Step>
        <Step n={4} title="Start mining" done={mining.running}>
          <p>
            {mining.running || status.key === 'no-device' ? `${status.words}. ` : ''}
            The miner works only while you are away, and pauses the moment you come back.
          </p>
          <NetworkLine network={mining.network} />
          <div className="button-row">
            <StartStop running={mining.running} />
            <button type="button" className="secondary" onClick={() => goTo('mining')}>
              Open Mining
            </button>
          </div>
          {engine.app.transport === 'electron' ? (
            <StartAtLoginOffer saved={settings.startAtLogin} running={mining.running} />
          ) : (
            <p className="hint">
              This miner runs without a desktop, so it cannot add itself to your login: to start it with the machine, run it as a service (for example a
              systemd unit).
            </p>
          )}
        </Step>
      </ol>
    </div>
  );
}
