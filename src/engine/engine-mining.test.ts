import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { AppState, BenchmarkResult } from '../common/api';
import { ThreadSpawner, type WorkerSpawner } from './compute/spawner';
import { Engine } from './engine';
import { SimulatedHardwareProbe } from './gpu/simulated-probe';
import { SettingsStore } from './store/settings-store';
import { TaskHistory } from './store/task-history';
import { WatchedSpawner } from './pool/watched-spawner.fixture';
import { readBundledIndex } from './tasks/bundled-models';
import { BundledModelSource, ModelCache } from './tasks/model-cache';
import type { Assignment } from '../common/protocol';

let engine: Engine | undefined;
afterEach(() => engine?.dispose());

const [, mlp] = await readBundledIndex();

async function miningEngine({ releaseWorkersAfterMs, spawner = new ThreadSpawner(), benchmark }: { releaseWorkersAfterMs?: number; spawner?: WorkerSpawner; benchmark?: BenchmarkResult[] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'plexai-mining-'));
  const { store } = await SettingsStore.open(dir);
  const saved: BenchmarkResult[][] = benchmark ? [benchmark] : [];
  engine = new Engine(
    {
      appVersion: '1.0.0',
      transport: 'headless',
      cpuWorkers: 1,
      cpuBackends: ['wasm'],
      idle: { activePollMs: 20, pausedPollMs: 20, systemPollMs: 1000 },
      ...(releaseWorkersAfterMs !== undefined ? { releaseWorkersAfterMs } : {}),
    },
    {
      probe: new SimulatedHardwareProbe({ controllers: [], tools: {} }),
      settings: store,
      compute: {
        spawner,
        models: await ModelCache.open(join(dir, 'models'), 1 << 24, [new BundledModelSource()]),
        idleTime: { idleSeconds: async () => null },
        system: { read: async () => ({ onBattery: false, otherCpuLoadPercent: 0, runningProcesses: new Set() }) },
        benchmarks: { load: async () => saved.at(-1) ?? [], save: async (r) => void saved.push(r) },
        history: new TaskHistory(join(dir, 'history.jsonl')),
      },
    },
  );
  await engine.loadBenchmarks();
  const states: AppState[] = [];
  engine.onDidChangeState((s) => states.push(s));
  return { engine, states, dir };
}

/** A lease as the network client hands it to the engine. */
const embeddingLease = (id: string, data: number[] = new Array(128).fill(0.25), sha256 = mlp!.sha256, batch = 1): Assignment => ({
  leaseId: `lease-${id}`,
  taskId: id,
  model: { id: 'text-embedding', sha256: `0x${sha256}`, bytes: 0, url: null },
  input: { dtype: 'float32', shape: [batch, data.length / batch], data },
  flops: 0,
  deadline: Date.now() + 60_000,
});

describe('Engine mining (Node worker_threads; idle time unknown as on a headless box)', () => {
  test('without a GPU and with CPU mode off there is nothing to mine with', async () => {
    const { engine } = await miningEngine();
    expect(await engine.api.startMining({})).toMatchObject({ running: false, mode: { kind: 'paused', reason: 'no-device' } });
    // Nothing was mined: the next run still opens on Get started.
    expect(engine.state().settings.onboarded).toBe(false);
  });

  test('the first start that mines ends onboarding, for the next run too', async () => {
    const { engine, dir } = await miningEngine();
    await engine.api.updateSettings({ cpuMode: true });
    await engine.api.startMining({});
    expect(engine.state().settings.onboarded).toBe(true);
    expect((await SettingsStore.open(dir)).store.get().onboarded).toBe(true);
  });

  test('a desktop with unknown idle time waits; a dedicated rig mines; leases and bad leases come back with outcomes', async () => {
    const { engine, states } = await miningEngine();
    await engine.api.updateSettings({ cpuMode: true });
    expect(await engine.api.startMining({})).toMatchObject({ running: true, mode: { kind: 'paused', reason: 'idle-unknown' } });
    await engine.api.updateSettings({ dedicatedRig: true });
    expect(engine.state().mining.mode).toEqual({ kind: 'full' });
    // Real worker threads load TF.js before they take work: seconds, on a loaded 2-core machine.
    await vi.waitFor(() => expect(engine.runner.capacity()).toBe(2), { timeout: 15_000 });

    expect(await engine.runner.run(embeddingLease('good'))).toMatchObject({ ok: true, backend: 'wasm', output: { shape: [1, 64] } });
    expect(await engine.runner.run(embeddingLease('huge', [1e39, ...new Array(127).fill(0)]))).toMatchObject({ ok: false, reason: 'bad-input' });
    expect(await engine.runner.run(embeddingLease('short', [1, 2, 3]))).toMatchObject({ ok: false, reason: 'bad-input', message: expect.stringContaining('shape') });
    expect(await engine.runner.run(embeddingLease('unknown-model', undefined, 'e'.repeat(64)))).toMatchObject({ ok: false, reason: 'internal' });
    expect(await engine.runner.run(embeddingLease('after'))).toMatchObject({ ok: true });

    await engine.api.snooze({ minutes: 30 });
    expect(engine.state().mining.mode).toEqual({ kind: 'paused', reason: 'snoozed' });
    expect(engine.runner.capacity()).toBe(0);
    expect(engine.runner.paused()).toBe(true);
    await engine.api.stopMining({});
    expect(engine.state().mining).toMatchObject({ running: false, workers: [], mode: { kind: 'paused', reason: 'stopped' } });
    expect(states.at(-1)!.mining.running).toBe(false);
  });
});

describe('Engine batches (Node worker_threads, watched)', () => {
  test('a lease bigger than the batch the benchmark tuned for its model runs as such batches, and its output is whole', async () => {
    const spawner = new WatchedSpawner();
    const benchmark: BenchmarkResult[] = [
      {
        backend: { backend: 'wasm', skipped: [] },
        matmulGflops: 20,
        models: [{ model: 'text-embedding', batchSize: 2, batchMs: 1, samplesPerSecond: 2000 }],
        measuredAt: '2026-01-01T00:00:00.000Z',
      },
    ];
    const { engine } = await miningEngine({ spawner, benchmark });
    await engine.api.updateSettings({ cpuMode: true, dedicatedRig: true });
    await engine.api.startMining({});
    const outcome = await engine.runner.run(embeddingLease('five', Array.from({ length: 5 * 128 }, (_, i) => (i % 11) / 11), mlp!.sha256, 5));
    expect(outcome).toMatchObject({ ok: true, output: { shape: [5, 64] } });
    expect(spawner.runs.map((run) => run.inputs[0]!.shape[0])).toEqual([2, 2, 1]);
  }, 40_000);
});

describe('Engine worker release (Node worker_threads)', () => {
  test('a long pause shuts the workers down; work resuming starts them again', async () => {
    const { engine } = await miningEngine({ releaseWorkersAfterMs: 100 });
    await engine.api.updateSettings({ cpuMode: true });
    await engine.api.startMining({});
    expect(engine.state().mining.mode).toEqual({ kind: 'paused', reason: 'idle-unknown' });
    await vi.waitFor(() => expect(engine.state().mining.workers).toEqual([]), { timeout: 15_000 });
    await engine.api.updateSettings({ dedicatedRig: true });
    expect(engine.state().mining.workers).toHaveLength(1);
    expect(await engine.runner.run(embeddingLease('resumed'))).toMatchObject({ ok: true });
  });
});

describe('Engine on the network (real pool and wasm compute; coordinator faked over a real WebSocket)', () => {
  test('leases bundled-model tasks while mining, submits results, refuses a bad one, and keeps a history', async () => {
    const { FakeCoordinator } = await import('./network/fake-coordinator.fixture');
    const { Outbox } = await import('./network/outbox');
    const { Wallet } = await import('ethers');
    const { payoutBindingMessage } = await import('../common/protocol');
    const coordinator = await FakeCoordinator.start(12, (n) => ({
      model: { id: 'text-embedding', sha256: `0x${mlp!.sha256}`, bytes: 0, url: null },
      input: n === 5 ? { dtype: 'float32', shape: [1, 7], data: [1, 2, 3, 4, 5, 6, 7] } : { dtype: 'float32', shape: [2, 128], data: Array.from({ length: 256 }, (_, i) => (i % 13) / 13) },
    }));
    try {
      const { engine } = await miningEngine();
      await engine.api.updateSettings({ cpuMode: true, dedicatedRig: true });
      await engine.api.startMining({});
      const identity = Wallet.createRandom();
      const payout = Wallet.createRandom();
      const outbox = await Outbox.open(mkdtempSync(join(tmpdir(), 'plexai-outbox-')));
      engine.connectNetwork(
        { url: coordinator.url, submitBatchMs: 5 },
        {
          identity: new Wallet(identity.privateKey),
          payout: async () => ({ address: payout.address, signature: await payout.signMessage(payoutBindingMessage(identity.address, payout.address)) }),
          outbox,
        },
      );
      await vi.waitFor(() => expect(engine.state().mining.tasks).toMatchObject({ accepted: 11, refused: 1, awaitingAck: 0 }), { timeout: 20_000 });
      expect(engine.state().mining.network.status).toBe('connected');
      // The Mining page names the task a worker ran by the model the lease named.
      expect(engine.state().mining.workers[0]).toMatchObject({ current: null, last: { taskId: expect.stringMatching(/^task-/), model: 'text-embedding', backend: 'wasm' } });
      const refusal = coordinator.received.find((m) => m.type === 'refuse');
      expect(refusal).toMatchObject({ taskId: 'task-5', reason: 'bad-input' });
      const submitted = coordinator.received.flatMap((m) => (m.type === 'submit' ? m.results : []));
      expect(submitted[0]).toMatchObject({ backend: 'wasm', output: { shape: [2, 64] } });
      const history = await engine.api.getTaskHistory({ limit: 100 });
      expect(history).toHaveLength(12);
      expect(history.filter((h) => h.kind === 'refusal')).toHaveLength(1);
    } finally {
      await coordinator.close();
    }
  }, 40_000);
});
