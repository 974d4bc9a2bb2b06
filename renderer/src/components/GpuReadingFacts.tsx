import type { GpuReadings } from '../../../src/common/hardware';
import { gpuReadingRows } from '../gpu-readings';

/** A GPU's live readings as term–value pairs, for a `<dl className="facts">` on the Hardware or Mining page. */
export function GpuReadingFacts({ readings }: { readings: GpuReadings }) {
  return (
    <>
      {gpuReadingRows(readings).map((row) => (
        <div key={row.label}>
          <dt>{row.label}</dt>
          <dd>{row.value}</dd>
        </div>
      ))}
    </>
  );
}
