import type { BackendChoice, BackendName, HardwareState, Settings, WorkerInfo } from '../../../../src/common/api';
import type { Gpu } from '../../../../src/common/hardware';
import { useNow } from '../../hooks/use-now';
import { GpuReadingFacts } from '../GpuReadingFacts';
import { Loading } from '../Loading';

export const backendWords: Record<BackendName, string> = {
  'tensorflow-gpu': 'TensorFlow (CUDA GPU)',
  tensorflow: 'TensorFlow (native CPU)',
  wasm: 'WebAssembly',
  cpu: 'plain JavaScript',
  webgpu: 'WebGPU',
};

const workerStatusWords: Record<WorkerInfo['status'], string> = {
  starting: 'Starting',
  idle: 'Ready',
  busy: 'Working',
  crashed: 'Crashed, restarting',
  stopped: 'Stopped',
};

/** "4 s", "2 min 5 s": how long a task has run, to the second. */
function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** Enough of a task id to tell tasks apart at a glance; the whole id is the tooltip. */
export const shortTaskId = (id: string) => id.slice(0, 8);

/**
 * What a worker does now: the task it runs, with its model and how long it has run; between tasks
 * a quiet "Waiting for work" and the one before, since network tasks often last milliseconds.
 */
function WorkerTaskCell({ worker, now }: { worker: WorkerInfo; now: number }) {
  const { current, last } = worker;
  if (current) {
    const started = new Date(current.startedAt);
    return (
      <span className="worker-task">
        {current.model} · task <code title={current.taskId}>{shortTaskId(current.taskId)}</code>{' '}
        <span className="muted" title={`Started ${started.toLocaleTimeString()} on ${backendWords[current.backend]}`}>
          running {formatElapsed(now - started.getTime())}
        </span>
      </span>
    );
  }
  if (worker.status !== 'idle' && worker.status !== 'busy') return <span className="muted">—</span>;
  return (
    <span className="worker-task muted">
      Waiting for work
      {last && (
        <>
          <br />
          Last: {last.model} · task <code title={last.taskId}>{shortTaskId(last.taskId)}</code>
          {last.ok ? ', done' : ', failed'} at {new Date(last.finishedAt).toLocaleTimeString()}
        </>
      )}
    </span>
  );
}

/** "wasm — tensorflow skipped: Cannot find package …": the choice and why better ones were passed over. */
export function BackendLine({ choice }: { choice: BackendChoice | null }) {
  if (!choice) return <span className="muted">Not chosen yet</span>;
  return (
    <>
      <span>
        <code>{choice.backend}</code> ({backendWords[choice.backend]})
      </span>
      {choice.skipped.length > 0 && (
        <ul className="skipped">
          {choice.skipped.map((s) => (
            <li key={s.backend}>
              <code>{s.backend}</code> skipped: {s.reason}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function GpuLive({ gpu, disabled, running }: { gpu: Gpu; disabled: boolean; running: boolean }) {
  // 'In use' only while mining runs: beside a Stopped status it would contradict it.
  const state = !gpu.verdict.supported ? 'Not supported' : disabled ? 'Switched off in Settings' : running ? 'In use for mining' : 'Ready to mine';
  const r = gpu.readings;
  return (
    <article className="card gpu-live" aria-label={gpu.model}>
      <header className="gpu-header">
        <h3>{gpu.model}</h3>
        <span className={`badge ${gpu.verdict.supported && !disabled ? 'ok' : 'no'}`}>{state}</span>
      </header>
      {r ? (
        <>
          <dl className="facts">
            <GpuReadingFacts readings={r} />
          </dl>
          {r.utilizationPercent !== null && (
            <div className="meter" role="meter" aria-label={`${gpu.model} utilisation`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={r.utilizationPercent}>
              <span style={{ width: `${r.utilizationPercent}%` }} />
            </div>
          )}
          <p className="source">Live readings from {r.source}</p>
        </>
      ) : (
        <p className="muted">No live readings for this card: they come from NVIDIA’s nvidia-smi or AMD’s rocm-smi, where installed.</p>
      )}
    </article>
  );
}

/** Per-GPU live readings from the hardware report, and each worker with its backend and counters. */
export function Devices({ hardware, workers, settings, running }: { hardware: HardwareState; workers: WorkerInfo[]; settings: Settings; running: boolean }) {
  const gpus = hardware.status === 'ready' ? hardware.report.gpus : [];
  // Ticks only while a task runs, for its running time; an idle page stays still.
  const now = useNow(workers.some((w) => w.current) ? 1000 : 60_000);
  return (
    <section className="card" aria-labelledby="devices-title">
      <h2 id="devices-title">Devices</h2>
      {hardware.status === 'detecting' && (
        <Loading inline>Checking your hardware…</Loading>
      )}
      {hardware.status === 'failed' && <p className="verdict no">{hardware.error}</p>}
      {hardware.status === 'ready' && gpus.length === 0 && (
        <p className="muted">
          No graphics card in this machine{settings.cpuMode ? '; CPU mode runs tasks on the processor.' : '. Turn on CPU mode to mine on the processor.'}
        </p>
      )}
      {gpus.length > 0 && (
        <div className="gpu-list">
          {gpus.map((gpu) => (
            <GpuLive key={gpu.id} gpu={gpu} disabled={settings.disabledGpuIds.includes(gpu.id)} running={running} />
          ))}
        </div>
      )}
      <h3 className="subhead">Workers</h3>
      {workers.length === 0 ? (
        <p className="muted">{running ? 'Starting workers…' : 'No workers run while mining is stopped; Start launches one per enabled device.'}</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Workers">
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">State</th>
                <th scope="col">Current task</th>
                <th scope="col">Backend</th>
                <th scope="col" className="num">
                  Tasks done
                </th>
                <th scope="col" className="num">
                  Failed
                </th>
                <th scope="col" className="num">
                  Restarts
                </th>
              </tr>
            </thead>
            <tbody>
              {workers.map((w) => (
                <tr key={w.id}>
                  <td>{w.device === 'cpu' ? 'Processor' : (gpus.find((g) => g.id === w.device)?.model ?? w.device)}</td>
                  <td>{workerStatusWords[w.status]}</td>
                  <td>
                    <WorkerTaskCell worker={w} now={now} />
                  </td>
                  <td>
                    <BackendLine choice={w.backend} />
                  </td>
                  <td className="num">{w.tasksDone}</td>
                  <td className="num">{w.tasksFailed}</td>
                  <td className="num">{w.restarts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
