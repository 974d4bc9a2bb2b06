import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { detectHardware, withFreshReadings } from './detect';
import type { HardwareProbe } from './probe';
import { SimulatedHardwareProbe, SimulatedHardwareSchema } from './simulated-probe';

const rig = SimulatedHardwareSchema.parse(
  JSON.parse(readFileSync(new URL('../../../e2e/fixtures/mixed-rig.json', import.meta.url), 'utf8')),
);
const at = () => new Date('2026-11-25T10:00:00Z');

describe('detectHardware', () => {
  test('pairs controllers with vendor-tool devices by bus address and keeps tool-only boards', async () => {
    const report = await detectHardware(new SimulatedHardwareProbe(rig), at);
    expect(report.gpus.map((g) => [g.model, g.vramMB, g.verdict.code, g.readings?.source ?? null])).toEqual([
      ['NVIDIA GeForce RTX 3060', 12288, 'supported', 'nvidia-smi'],
      ['NVIDIA GeForce GTX 1050', 2048, 'insufficient-vram', 'nvidia-smi'],
      ['AMD Radeon RX 7900 XTX', 24560, 'supported', 'rocm-smi'],
      ['CoffeeLake-S GT2 [UHD Graphics 630]', 128, 'vendor-not-supported', null],
      ['AMD Instinct MI300X', 196592, 'supported', 'rocm-smi'],
    ]);
    expect(report.gpus[0]).toMatchObject({ id: '01:00.0', driver: '550.54.14', readings: { utilizationPercent: 37, temperatureC: 61 } });
    expect(report.gpus[4]).toMatchObject({ id: 'c1:00.0', driver: '6.8.5' });
    expect(report.detectedAt).toBe('2026-11-25T10:00:00.000Z');
    expect(report.notes).toEqual([]);
  });

  test('without bus addresses, devices pair in order within a vendor', async () => {
    const probe = new SimulatedHardwareProbe({
      controllers: [
        { vendor: 'Intel Corporation', model: 'UHD Graphics 770' },
        { vendor: 'NVIDIA Corporation', model: 'NVIDIA GeForce RTX 4070', vram: 0 },
      ],
      tools: { 'nvidia-smi': '0, [N/A], NVIDIA GeForce RTX 4070, 560.1, 12282, 300, 2, 35' },
    });
    const report = await detectHardware(probe, at);
    expect(report.gpus).toHaveLength(2);
    expect(report.gpus[1]).toMatchObject({ model: 'NVIDIA GeForce RTX 4070', vramMB: 12282, verdict: { supported: true } });
  });

  test('a failing vendor tool becomes a note and detection still succeeds', async () => {
    const inner = new SimulatedHardwareProbe(rig);
    const probe: HardwareProbe = {
      controllers: () => inner.controllers(),
      system: () => inner.system(),
      runTool: async (tool) => {
        if (tool === 'nvidia-smi') throw new Error('NVIDIA-SMI has failed because it couldn\'t communicate with the driver');
        return inner.runTool(tool);
      },
    };
    const report = await detectHardware(probe, at);
    expect(report.notes).toEqual([expect.stringContaining('nvidia-smi is installed but its readings failed')]);
    expect(report.gpus[0]).toMatchObject({ model: 'GA106 [GeForce RTX 3060 Lite Hash Rate]', readings: null, verdict: { supported: true } });
  });

  test('a machine without any adapter says so', async () => {
    const report = await detectHardware(new SimulatedHardwareProbe({ controllers: [], tools: {} }), at);
    expect(report.gpus).toEqual([]);
    expect(report.notes).toEqual(['No graphics adapter was reported by the operating system.']);
  });
});

test('withFreshReadings updates readings and leaves everything else alone', async () => {
  const report = await detectHardware(new SimulatedHardwareProbe(rig), at);
  const fresh = withFreshReadings(
    report,
    [{ source: 'nvidia-smi', busAddress: '00000000:01:00.0', name: 'NVIDIA GeForce RTX 3060', driver: '550.54.14', memoryTotalMB: 12288, memoryUsedMB: 9000, utilizationPercent: 99, temperatureC: 77 }],
    '2026-11-25T10:00:05.000Z',
  );
  expect(fresh.gpus[0]!.readings).toMatchObject({ utilizationPercent: 99, temperatureC: 77, memoryUsedMB: 9000 });
  expect(fresh.gpus.slice(1)).toEqual(report.gpus.slice(1));
});
