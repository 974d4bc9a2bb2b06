import { afterEach, describe, expect, test, vi } from 'vitest';
import type { MiningMode } from '../../common/api';
import { Emitter } from '../../common/lifecycle';
import { ThreadSpawner, type ComputeWorker, type WorkerSpawner } from '../compute/spawner';
import type { FromWorker } from '../compute/worker-protocol';
import { readBundledIndex } from '../tasks/bundled-models';
import { BundledModelSource, verifyModel } from '../tasks/model-cache';
import type { DecodedTask } from '../tasks/task';
import { WorkerPool, restartDelay, type IssueGate, type PoolConfig } from './pool';
import { WatchedSpawner } from './watched-spawner.fixture';

const [, mlp] = await readBundledIndex();
const source = new BundledModelSource();
const models = { get: async (sha: string) => verifyModel(sha, (await source.fetch(sha))!) };

class Gate implements IssueGate {
  private readonly emitter = new Emitter<MiningMode>();
  readonly onDidChange = this.emitter.event;
  constructor(private mode: MiningMode) {}
  current = () => this.mode;
  set(mode: MiningMode) {
    this.mode = mode;
    this.emitter.fire(mode);
  }
}

const config = (devices: number, overrides: Partial<PoolConfig> = {}): PoolConfig => ({
  devices: Array.from({ length: devices }, (_, i) => ({ id: i === 0 ? 'cpu' : `gpu-${i}`, backendOrder: ['wasm', 'cpu'], memoryBudgetBytes: 64 * 2 ** 20 })),
  maxModels: 2,
  lowPriority: true,
  maxLeakedTensors: 100,
  restartDelayMs: 10,
  ...overrides,
});

let counter = 0;
const task = (batch = 1, first = 0.5, features = 128): DecodedTask => {
  const data = new Float32Array(batch * features).fill(0.5);
  data[0] = first;
  return { id: `t${counter++}`, model: mlp!.sha256, inputs: [{ dtype: 'float32', shape: [batch, features], data }] };
};

/** Samples that differ from one another, so that a batch put back in the wrong order shows. */
const varied = (batch: number): DecodedTask => ({
  ...task(batch),
  inputs: [{ dtype: 'float32', shape: [batch, 128], data: Float32Array.from({ length: batch * 128 }, (_, i) => Math.sin(i * 0.37)) }],
});

const bytesOf = (outputs: { data: Float32Array | Int32Array }[]) => outputs.map((o) => Buffer.from(o.data.buffer, o.data.byteOffset, o.data.byteLength).toString('hex'));

let pool: WorkerPool | undefined;
afterEach(() => pool?.dispose());

describe('WorkerPool (real worker_threads, wasm backend)', () => {
  test('runs tasks on every worker and reports each worker’s backend', async () => {
    pool = new WorkerPool(config(2), { spawner: new ThreadSpawner(), models, gate: new Gate({ kind: 'full' }) });
    await vi.waitFor(() => expect(pool!.workers().map((w) => w.status)).toEqual(['idle', 'idle']), { timeout: 10_000 });
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => pool!.run(task(2))));
    expect(outcomes.every((o) => o.ok && o.outputs[0]!.shape.join() === '2,64')).toBe(true);
    expect(new Set(outcomes.map((o) => o.ok && o.workerId)).size).toBe(2);
    expect(pool.workers().map((w) => w.backend?.backend)).toEqual(['wasm', 'wasm']);
    expect(pool.workers().reduce((n, w) => n + w.tasksDone, 0)).toBe(6);
  });

  test('a bad task is refused with its reason and the next one runs', async () => {
    pool = new WorkerPool(config(1), { spawner: new ThreadSpawner(), models, gate: new Gate({ kind: 'full' }) });
    expect(await pool.run(task(1, 0.5, 100))).toMatchObject({ ok: false, code: 'shape-mismatch' });
    expect(await pool.run({ ...task(), model: 'd'.repeat(64) })).toMatchObject({ ok: false, code: 'model-unavailable' });
    expect(await pool.run(task())).toMatchObject({ ok: true });
    expect(pool.workers()[0]).toMatchObject({ tasksDone: 1, tasksFailed: 1, restarts: 0 });
  });

  test('a worker thread that dies mid-task fails only that task, with the reason, and is restarted', async () => {
    const spawner = new ThreadSpawner(new URL('./crash-worker.fixture.ts', import.meta.url));
    pool = new WorkerPool(config(2), { spawner, models, gate: new Gate({ kind: 'full' }) });
    const doomedTask = task(1, 666);
    const [doomed, ...others] = await Promise.all([pool.run(doomedTask), pool.run(task()), pool.run(task())]);
    expect(doomed).toMatchObject({ ok: false, code: 'worker-crashed', message: 'worker exited with code 3' });
    expect(others.every((o) => o.ok)).toBe(true);
    expect(pool.workers().reduce((n, w) => n + w.restarts, 0)).toBe(1);
    expect(pool.workers().find((w) => w.restarts === 1)).toMatchObject({ current: null, last: { taskId: doomedTask.id, ok: false } });
    const after = await Promise.all(Array.from({ length: 4 }, () => pool!.run(task())));
    expect(after.every((o) => o.ok)).toBe(true);
  });

  test('each worker shows the task it runs (model, backend, since when), then keeps it as the last one', async () => {
    const spawner = new ThreadSpawner(new URL('./crash-worker.fixture.ts', import.meta.url));
    const clock = () => new Date('2026-01-02T03:04:05.000Z');
    pool = new WorkerPool(config(1), { spawner, models, gate: new Gate({ kind: 'full' }), clock });
    expect(pool.workers()[0]).toMatchObject({ current: null, last: null });
    const slow = { ...task(1, 777), modelName: 'text-embedding' };
    const pending = pool.run(slow);
    await vi.waitFor(() => expect(pool!.workers()[0]!.current).not.toBeNull(), { timeout: 10_000 });
    expect(pool.workers()[0]).toMatchObject({
      status: 'busy',
      current: { taskId: slow.id, model: 'text-embedding', backend: 'wasm', startedAt: '2026-01-02T03:04:05.000Z' },
    });
    expect(await pending).toMatchObject({ ok: true });
    expect(pool.workers()[0]).toMatchObject({ status: 'idle', current: null, last: { taskId: slow.id, model: 'text-embedding', ok: true } });
    // A task from elsewhere than the network carries no name: the start of its digest stands in.
    const bare = task();
    await pool.run(bare);
    expect(pool.workers()[0]!.last).toMatchObject({ taskId: bare.id, model: mlp!.sha256.slice(0, 12) });
  }, 20_000);

  test('while the gate says paused nothing is issued; it resumes when the gate opens', async () => {
    const gate = new Gate({ kind: 'paused', reason: 'in-use' });
    pool = new WorkerPool(config(1), { spawner: new ThreadSpawner(), models, gate });
    let done = false;
    const pending = pool.run(task()).then((o) => ((done = true), o));
    await vi.waitFor(() => expect(pool!.workers()[0]!.status).toBe('idle'), { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 200));
    expect(done).toBe(false);
    expect(pool.workers()[0]!.status).toBe('idle');
    gate.set({ kind: 'full' });
    expect(await pending).toMatchObject({ ok: true });
  });

  test('a task bigger than its tuned batch runs as batches on one worker, its output bit for bit the unsplit run’s', async () => {
    const spawner = new WatchedSpawner();
    let size: number | null = null;
    pool = new WorkerPool(config(1), { spawner, models, gate: new Gate({ kind: 'full' }), batchSize: () => size });
    const whole = await pool.run(varied(10));
    size = 4;
    const split = await pool.run(varied(10));
    expect(spawner.runs.map((run) => run.inputs[0]!.shape)).toEqual([[10, 128], [4, 128], [4, 128], [2, 128]]);
    if (!whole.ok || !split.ok) throw new Error('both runs should succeed');
    expect(split.outputs.map((o) => o.shape)).toEqual([[10, 64]]);
    expect(bytesOf(split.outputs)).toEqual(bytesOf(whole.outputs));
    expect(pool.workers()[0]).toMatchObject({ tasksDone: 2, tasksFailed: 0, current: null, last: { taskId: split.taskId, ok: true } });
  });

  test('a pause between a task’s batches issues no further batch until the gate opens', async () => {
    const gate = new Gate({ kind: 'full' });
    const spawner = new WatchedSpawner();
    pool = new WorkerPool(config(1), { spawner, models, gate, batchSize: () => 2 });
    await vi.waitFor(() => expect(pool!.workers()[0]!.status).toBe('idle'), { timeout: 10_000 });
    // The owner comes back the moment the first batch goes out.
    spawner.onRun = () => spawner.runs.length === 1 && gate.set({ kind: 'paused', reason: 'in-use' });
    const big = varied(6);
    const pending = pool.run(big);
    await vi.waitFor(() => expect(spawner.answers).toBe(1), { timeout: 10_000 });
    // The pool has handled the first batch's answer: a next batch would have been posted by now.
    expect(spawner.runs).toHaveLength(1);
    expect(pool.workers()[0]).toMatchObject({ status: 'busy', current: { taskId: big.id } });
    expect(pool.isIdle()).toBe(false);
    gate.set({ kind: 'full' });
    expect(await pending).toMatchObject({ ok: true, outputs: [{ shape: [6, 64] }] });
    expect(spawner.runs).toHaveLength(3);
    expect(pool.isIdle()).toBe(true);
  });

  test('a device with no working backend fails its queued tasks instead of hanging', async () => {
    pool = new WorkerPool(config(1, { devices: [{ id: 'gpu-0', backendOrder: ['webgpu'], memoryBudgetBytes: 64 * 2 ** 20 }] }), {
      spawner: new ThreadSpawner(),
      models,
      gate: new Gate({ kind: 'full' }),
    });
    expect(await pool.run(task())).toMatchObject({ ok: false, code: 'run-failed', message: expect.stringContaining('webgpu') });
    expect(pool.workers()[0]!.status).toBe('crashed');
  });

  test('a throttle holds the busy share within 5 points of its setting', async () => {
    const gate = new Gate({ kind: 'throttled', dutyPercent: 40 });
    // Normal priority and short batches: on a machine shared with other test files a starved
    // nice-19 worker would make single batches longer than the measuring window.
    pool = new WorkerPool(config(1, { lowPriority: false }), { spawner: new ThreadSpawner(), models, gate });
    await pool.run(task(64));
    const busyBefore = pool.busyMs()[0]!;
    const started = performance.now();
    // Two submitters keep the queue non-empty, as a leasing client does, so that only the
    // throttle's rests separate the batches.
    const submitter = async () => {
      while (performance.now() - started < 3000) await pool!.run(task(64));
    };
    await Promise.all([submitter(), submitter()]);
    const share = ((pool.busyMs()[0]! - busyBefore) / (performance.now() - started)) * 100;
    expect(Math.abs(share - 40)).toBeLessThanOrEqual(5);
  });
});

/** Workers that never run anything and end when told: the OS thread is the boundary faked here. */
class FakeSpawner implements WorkerSpawner {
  readonly spawned: { at: number; exit(reason: string): void }[] = [];
  spawn(): ComputeWorker {
    const messages = new Emitter<FromWorker>();
    const exits = new Emitter<{ reason: string }>();
    this.spawned.push({ at: Date.now(), exit: (reason) => exits.fire({ reason }) });
    return { post: () => undefined, onMessage: messages.event, onExit: exits.event, dispose: () => (messages.dispose(), exits.dispose()) };
  }
}

describe('WorkerPool restarts (fake spawner, fake timers)', () => {
  afterEach(() => vi.useRealTimers());

  test('a worker that keeps crashing is restarted one at a time, later each time, and not at all once the pool stops', async () => {
    vi.useFakeTimers();
    const spawner = new FakeSpawner();
    pool = new WorkerPool(config(1, { restartDelayMs: 100 }), { spawner, models, gate: new Gate({ kind: 'full' }) });
    const gaps: number[] = [];
    for (let crash = 1; crash <= 4; crash++) {
      spawner.spawned.at(-1)!.exit(`crash ${crash}`);
      expect(pool.workers()[0]).toMatchObject({ status: 'crashed', restarts: crash });
      expect(vi.getTimerCount()).toBe(1);
      await vi.advanceTimersToNextTimerAsync();
      gaps.push(spawner.spawned.at(-1)!.at - spawner.spawned.at(-2)!.at);
    }
    expect(gaps).toEqual([100, 200, 400, 800]);
    spawner.spawned.at(-1)!.exit('crash 5');
    expect(vi.getTimerCount()).toBe(1);
    pool.dispose();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(spawner.spawned).toHaveLength(5);
    expect(pool.workers()[0]!.status).toBe('stopped');
  });

  test('the delay doubles per crash in a row and stays under 30 s', () => {
    expect([1, 2, 3, 10, 20].map((n) => restartDelay(500, n))).toEqual([500, 1000, 2000, 30_000, 30_000]);
  });
});
