import type { Gpu } from '../../../src/common/hardware';
import { formatMB } from '../format';
import { GpuReadingFacts } from './GpuReadingFacts';

export function GpuCard({ gpu }: { gpu: Gpu }) {
  const { verdict, readings } = gpu;
  return (
    <article className="card gpu" aria-label={gpu.model}>
      <header className="gpu-header">
        <h3>{gpu.model}</h3>
        <span className={`badge ${verdict.supported ? 'ok' : 'no'}`}>{verdict.supported ? 'Supported' : 'Not supported'}</span>
      </header>
      <dl className="facts">
        <div>
          <dt>Vendor</dt>
          <dd>{gpu.vendorName}</dd>
        </div>
        <div>
          <dt>VRAM</dt>
          <dd>{gpu.vramMB === null ? 'Not reported' : formatMB(gpu.vramMB)}</dd>
        </div>
        <div>
          <dt>Driver</dt>
          <dd>{gpu.driver ?? 'Not reported'}</dd>
        </div>
        {readings && <GpuReadingFacts readings={readings} />}
      </dl>
      <p className={`verdict ${verdict.supported ? 'ok' : 'no'}`}>{verdict.reason}</p>
      {readings && <p className="source">Live readings from {readings.source}</p>}
    </article>
  );
}
