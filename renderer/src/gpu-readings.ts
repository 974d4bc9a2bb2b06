import type { GpuReadings } from '../../src/common/hardware';
import { formatMB } from './format';

/** One labelled live figure of a GPU, as text. */
export interface ReadingRow {
  label: string;
  value: string;
}

/**
 * A GPU's live readings as the rows both the Hardware and Mining pages show: utilisation,
 * temperature and memory in use (of the total where the tool reports it), "—" where it reported none.
 */
export function gpuReadingRows(readings: GpuReadings): ReadingRow[] {
  const { utilizationPercent: use, temperatureC: temp, memoryUsedMB: used, memoryTotalMB: total } = readings;
  return [
    { label: 'Utilisation', value: use === null ? '—' : `${Math.round(use)} %` },
    { label: 'Temperature', value: temp === null ? '—' : `${Math.round(temp)} °C` },
    { label: 'Memory in use', value: used === null ? '—' : total === null ? formatMB(used) : `${formatMB(used)} of ${formatMB(total)}` },
  ];
}
