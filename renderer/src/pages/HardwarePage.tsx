import type { HardwareReport } from '../../../src/common/hardware';
import { useClient } from '../api/client-context';
import { CpuModeOffer } from '../components/CpuModeOffer';
import { GpuCard } from '../components/GpuCard';
import { formatClock, formatMB } from '../format';
import { run, useStore } from '../state/store';
import { Loading } from '../components/Loading';

function Summary({ report }: { report: HardwareReport }) {
  const supported = report.gpus.filter((g) => g.verdict.supported).length;
  if (supported > 0) {
    return (
      <section className="card summary ok" aria-label="Summary">
        <h2>Ready to earn</h2>
        <p>
          {supported === report.gpus.length
            ? `Your ${supported === 1 ? 'GPU qualifies' : `${supported} GPUs qualify`} for the PlexAi network.`
            : `${supported} of your ${report.gpus.length} GPUs qualify for the PlexAi network; the others are listed with the reason.`}
        </p>
      </section>
    );
  }
  return (
    <section className="card summary no" aria-label="Summary">
      <h2>{report.gpus.length === 0 ? 'No graphics card found' : 'No supported GPU'}</h2>
      <p>
        {report.gpus.length === 0
          ? 'This machine reported no graphics card, which is usual for servers, virtual machines and containers.'
          : 'None of the graphics cards in this machine can take network tasks; each one below says why.'}{' '}
        The network takes NVIDIA RTX 30/40 series, A100 and H100, and AMD RX 7000 and Instinct MI300 series GPUs with at
        least 4 GB of video memory.
      </p>
    </section>
  );
}

function Report({ report }: { report: HardwareReport }) {
  const anySupported = report.gpus.some((g) => g.verdict.supported);
  return (
    <>
      <Summary report={report} />
      {!anySupported && <CpuModeOffer />}
      {report.gpus.length > 0 && (
        <section aria-labelledby="gpus-title">
          <h2 id="gpus-title">Graphics cards</h2>
          <div className="gpu-list">
            {report.gpus.map((gpu) => (
              <GpuCard key={gpu.id} gpu={gpu} />
            ))}
          </div>
        </section>
      )}
      <section className="card" aria-labelledby="system-title">
        <h2 id="system-title">This machine</h2>
        <dl className="facts">
          <div>
            <dt>Processor</dt>
            <dd>
              {report.cpu.brand || 'Unknown'} · {report.cpu.cores} cores
            </dd>
          </div>
          <div>
            <dt>Memory</dt>
            <dd>{formatMB(report.memoryMB)}</dd>
          </div>
          <div>
            <dt>System</dt>
            <dd>
              {report.os.distro} {report.os.release} ({report.os.arch})
            </dd>
          </div>
        </dl>
        {report.notes.length > 0 && (
          <ul className="notes">
            {report.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        )}
        <p className="source">Checked at {formatClock(new Date(report.detectedAt))}</p>
      </section>
    </>
  );
}

export function HardwarePage() {
  const client = useClient();
  const hardware = useStore((s) => s.engine?.hardware);
  const scanning = useStore((s) => s.busy.refreshHardware ?? false) || hardware?.status === 'detecting';
  const rescan = () => run('refreshHardware', () => client.refreshHardware({}));

  return (
    <div className="page">
      <header className="page-header">
        <h1>Hardware</h1>
        <button type="button" className="secondary" onClick={rescan} disabled={!hardware || scanning}>
          {scanning ? 'Checking…' : 'Check again'}
        </button>
      </header>
      {(!hardware || hardware.status === 'detecting') && (
        <Loading>Checking your hardware…</Loading>
      )}
      {hardware?.status === 'failed' && (
        <div className="card error" role="alert">
          <h2>Hardware check failed</h2>
          <p>{hardware.error}</p>
          <button type="button" className="primary" onClick={rescan}>
            Try again
          </button>
        </div>
      )}
      {hardware?.status === 'ready' && <Report report={hardware.report} />}
    </div>
  );
}
