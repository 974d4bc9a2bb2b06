import { describe, expect, test } from 'vitest';
import type { GpuReadings } from '../../src/common/hardware';
import { gpuReadingRows } from './gpu-readings';

const base: GpuReadings = {
  source: 'nvidia-smi',
  utilizationPercent: 37,
  temperatureC: 61,
  memoryUsedMB: 1024,
  memoryTotalMB: 12288,
  readAt: '2026-11-25T06:00:00.000Z',
};

describe('gpuReadingRows', () => {
  test('reads utilisation, temperature and memory of the total, in that order', () => {
    expect(gpuReadingRows(base)).toEqual([
      { label: 'Utilisation', value: '37 %' },
      { label: 'Temperature', value: '61 °C' },
      { label: 'Memory in use', value: '1 GB of 12 GB' },
    ]);
  });

  test('a figure the tool did not report reads as a dash, not as zero', () => {
    const rows = gpuReadingRows({ ...base, utilizationPercent: null, temperatureC: null, memoryUsedMB: null });
    expect(rows.map((r) => r.value)).toEqual(['—', '—', '—']);
  });

  test('memory without a reported total shows what is in use alone', () => {
    expect(gpuReadingRows({ ...base, memoryUsedMB: 150, memoryTotalMB: null })[2]).toEqual({ label: 'Memory in use', value: '150 MB' });
  });

  test('fractional readings round to whole units', () => {
    const rows = gpuReadingRows({ ...base, utilizationPercent: 12.6, temperatureC: 48.4 });
    expect(rows.slice(0, 2).map((r) => r.value)).toEqual(['13 %', '48 °C']);
  });
});
