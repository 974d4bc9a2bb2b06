import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { API_VERSION, defaultSettings, type AppState } from '../common/api';
import { Engine } from './engine';
import type { HardwareProbe } from './gpu/probe';
import { SimulatedHardwareProbe } from './gpu/simulated-probe';
import { SettingsStore } from './store/settings-store';

const nvidiaRig = (utilization: number) =>
  new SimulatedHardwareProbe({
    controllers: [{ vendor: 'NVIDIA Corporation', model: 'NVIDIA GeForce RTX 4080', busAddress: '01:00.0' }],
    tools: { 'nvidia-smi': `0, 00000000:01:00.0, NVIDIA GeForce RTX 4080, 560.1, 16376, 500, ${utilization}, 50` },
  });

async function engineWith(probe: HardwareProbe) {
  const { store } = await SettingsStore.open(mkdtempSync(join(tmpdir(), 'plexai-engine-')));
  const engine = new Engine({ appVersion: '1.2.3', transport: 'headless', readingsIntervalMs: 1000 }, { probe, settings: store });
  const states: AppState[] = [];
  engine.onDidChangeState((s) => states.push(s));
  return { engine, states };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Engine', () => {
  test('start detects the hardware and reports detecting, then ready', async () => {
    const { engine, states } = await engineWith(nvidiaRig(10));
    engine.start();
    await vi.waitFor(() => expect(engine.state().hardware.status).toBe('ready'));
    expect(states.map((s) => s.hardware.status)).toEqual(['detecting', 'ready']);
    expect(engine.state().app).toEqual({ name: 'PlexAi Miner', version: '1.2.3', apiVersion: API_VERSION, transport: 'headless' });
    engine.dispose();
  });

  test('concurrent refreshes share one detection', async () => {
    const probe = nvidiaRig(10);
    const controllers = vi.spyOn(probe, 'controllers');
    const { engine } = await engineWith(probe);
    const [a, b] = await Promise.all([engine.api.refreshHardware({}), engine.api.refreshHardware({})]);
    expect(a).toBe(b);
    expect(controllers).toHaveBeenCalledTimes(1);
    engine.dispose();
  });

  test('a failing probe leaves a failed state with the reason, and a later refresh recovers', async () => {
    const good = nvidiaRig(10);
    let broken = true;
    const probe: HardwareProbe = {
      controllers: async () => {
        if (broken) throw new Error('lspci timed out');
        return good.controllers();
      },
      system: () => good.system(),
      runTool: (tool, args) => good.runTool(tool),
    };
    const { engine } = await engineWith(probe);
    await expect(engine.api.refreshHardware({})).rejects.toMatchObject({ errorName: 'HARDWARE_DETECTION_FAILED' });
    expect(engine.state().hardware).toEqual({ status: 'failed', error: 'Hardware detection failed: lspci timed out' });
    broken = false;
    await engine.api.refreshHardware({});
    expect(engine.state().hardware.status).toBe('ready');
    engine.dispose();
  });

  test('live readings refresh on their interval and stop on dispose', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let utilization = 10;
    const probe: HardwareProbe = {
      controllers: () => nvidiaRig(0).controllers(),
      system: () => nvidiaRig(0).system(),
      runTool: (tool) => nvidiaRig(utilization).runTool(tool),
    };
    const { engine, states } = await engineWith(probe);
    engine.start();
    await vi.waitFor(() => expect(engine.state().hardware.status).toBe('ready'));
    utilization = 85;
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(() => {
      const hardware = engine.state().hardware;
      expect(hardware.status === 'ready' && hardware.report.gpus[0]!.readings!.utilizationPercent).toBe(85);
    });
    engine.dispose();
    const count = states.length;
    await vi.advanceTimersByTimeAsync(5000);
    expect(states.length).toBe(count);
  });

  test('a settings change is saved and announced', async () => {
    const { engine, states } = await engineWith(nvidiaRig(0));
    expect(await engine.api.updateSettings({ cpuMode: true })).toEqual({ ...defaultSettings, cpuMode: true });
    expect(states.at(-1)!.settings).toEqual({ ...defaultSettings, cpuMode: true });
    engine.dispose();
  });
});
