import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { AppState, BenchmarkResult } from '../common/api';
import { ThreadSpawner } from './compute/spawner';
import { Engine } from './engine';
import { SimulatedHardwareProbe } from './gpu/simulated-probe';
import { SettingsStore } from './store/settings-store';
import { readBundledIndex } from './tasks/bundled-models';
import { BundledModelSource, ModelCache } from './tasks/model-cache';
import { encodeTensor } from './tasks/task';

let engine: Engine | undefined;
afterEach(() => engine?.dispose());

const [, mlp] = await readBundledIndex();

async function miningEngine() {
  const dir = mkdtempSync(join(tmpdir(), 'plexai-mining-'));
  const { store } = await SettingsStore.open(dir);
  const saved: BenchmarkResult[][] = [];
  engine = new Engine(
    { appVersion: '1.0.0', transport: 'headless', cpuWorkers: 1, cpuBackends: ['wasm'], idle: { activePollMs: 20, pausedPollMs: 20, systemPollMs: 1000 } },
    {
      probe: new SimulatedHardwareProbe({ controllers: [], tools: {} }),
      settings: store,
      compute: {
        spawner: new ThreadSpawner(),
        models: await ModelCache.open(join(dir, 'models'), 1 << 24, [new BundledModelSource()]),
        idleTime: { idleSeconds: async () => null },
        system: { read: async () => ({ onBattery: false, otherCpuLoadPercent: 0, runningProcesses: new Set() }) },
        benchmarks: { load: async () => saved.at(-1) ?? [], save: async (r) => void saved.push(r) },
      },
    },
  );
  const states: AppState[] = [];
  engine.onDidChangeState((s) => states.push(s));
  return { engine, states };
}

const embeddingTask = (id: string, values = new Float32Array(128).fill(0.25)) => ({
  id,
  model: mlp!.sha256,
  inputs: [encodeTensor({ dtype: 'float32', shape: [1, 128], data: values })],
});

describe('Engine mining (Node worker_threads; idle time unknown as on a headless box)', () => {
  test('without a GPU and with CPU mode off there is nothing to mine with', async () => {
    const { engine } = await miningEngine();
    expect(await engine.api.startMining({})).toMatchObject({ running: false, mode: { kind: 'paused', reason: 'no-device' } });
  });

  test('a desktop with unknown idle time waits; a dedicated rig mines; tasks and bad tasks come back with outcomes', async () => {
    const { engine, states } = await miningEngine();
    await engine.api.updateSettings({ cpuMode: true });
    expect(await engine.api.startMining({})).toMatchObject({ running: true, mode: { kind: 'paused', reason: 'idle-unknown' } });
    await engine.api.updateSettings({ dedicatedRig: true });
    expect(engine.state().mining.mode).toEqual({ kind: 'full' });

    expect(await engine.runTask(embeddingTask('good'))).toMatchObject({ ok: true, taskId: 'good', backend: 'wasm' });
    expect(await engine.runTask(embeddingTask('nan', new Float32Array(128).fill(Number.NaN)))).toMatchObject({ ok: false, code: 'non-finite-input' });
    expect(await engine.runTask({ ...embeddingTask('other-model'), model: 'e'.repeat(64) })).toMatchObject({ ok: false, code: 'model-unavailable' });
    expect(await engine.runTask('garbage')).toMatchObject({ ok: false, taskId: '(no id)', code: 'malformed-task' });
    expect(await engine.runTask(embeddingTask('after'))).toMatchObject({ ok: true });

    await engine.api.snooze({ minutes: 30 });
    expect(engine.state().mining.mode).toEqual({ kind: 'paused', reason: 'snoozed' });
    await engine.api.stopMining({});
    expect(engine.state().mining).toMatchObject({ running: false, workers: [], mode: { kind: 'paused', reason: 'stopped' } });
    expect(states.at(-1)!.mining.running).toBe(false);
  });
});
