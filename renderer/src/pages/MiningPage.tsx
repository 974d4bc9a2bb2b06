import { useClient } from '../api/client-context';
import { Benchmark } from '../components/mining/Benchmark';
import { Devices } from '../components/mining/Devices';
import { MiningStatus } from '../components/mining/MiningStatus';
import { NetworkAndTasks, RecentTasks } from '../components/mining/Work';
import { run, useOnline, useStore } from '../state/store';
import { Loading } from '../components/Loading';

export function StartStop({ running }: { running: boolean }) {
  const client = useClient();
  const online = useOnline();
  const busy = useStore((s) => (s.busy.startMining ?? false) || (s.busy.stopMining ?? false));
  return running ? (
    <button type="button" className="secondary" disabled={busy || !online} onClick={() => void run('stopMining', () => client.stopMining({}))}>
      Stop mining
    </button>
  ) : (
    <button type="button" className="primary" disabled={busy || !online} onClick={() => void run('startMining', () => client.startMining({}))}>
      {busy ? 'Starting…' : 'Start mining'}
    </button>
  );
}

export function MiningPage() {
  const engine = useStore((s) => s.engine);
  const online = useOnline();

  if (!engine) {
    return (
      <div className="page">
        <header className="page-header">
          <h1>Mining</h1>
        </header>
        <Loading>Loading the miner’s state…</Loading>
      </div>
    );
  }
  const { mining, settings, hardware } = engine;
  const t = mining.tasks;
  return (
    <div className="page">
      <header className="page-header">
        <h1>Mining</h1>
        <StartStop running={mining.running} />
      </header>
      {!online && (
        <p className="card offline" role="status">
          Offline: what you see is the last state the engine reported. The controls come back when the connection does.
        </p>
      )}
      <MiningStatus mining={mining} settings={settings} report={hardware.status === 'ready' ? hardware.report : null} />
      <Devices hardware={hardware} workers={mining.workers} settings={settings} running={mining.running} />
      <div className="two-up">
        <NetworkAndTasks network={mining.network} tasks={t} />
        <RecentTasks settled={t.accepted + t.duplicate + t.rejected + t.refused} />
      </div>
      <Benchmark benchmark={mining.benchmark} />
    </div>
  );
}
