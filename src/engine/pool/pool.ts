import type { BackendName, MiningMode, WorkerInfo, WorkerTask } from '../../common/api';
import { DisposableStore, Emitter, toDisposable, type Disposable, type Event } from '../../common/lifecycle';
import type { TensorData } from '../compute/executor';
import type { ComputeWorker, WorkerSpawner } from '../compute/spawner';
import type { FromWorker } from '../compute/worker-protocol';
import { TaskFailure, type TaskFailureCode } from '../tasks/failure';
import type { VerifiedModel } from '../tasks/model-cache';
import type { DecodedTask } from '../tasks/task';
import { concatBatches, splitBatch } from './batches';
import { restToHoldDuty } from './duty';

/** Whether new work may be issued now: the idle controller's decision. */
export interface IssueGate {
  current(): MiningMode;
  readonly onDidChange: Event<MiningMode>;
}

export interface ModelProvider {
  get(sha256: string): Promise<VerifiedModel>;
}

export interface PoolDevice {
  /** A GPU id from the hardware report, or 'cpu'. */
  id: string;
  backendOrder: BackendName[];
  /** What one run on this device may take (memory-budget.ts). */
  memoryBudgetBytes: number;
}

export interface PoolConfig {
  devices: PoolDevice[];
  maxModels: number;
  lowPriority: boolean;
  /** Tensors a worker may leak in total before it is replaced by a fresh one. */
  maxLeakedTensors: number;
  /** First restart delay after a crash; doubles per consecutive crash. */
  restartDelayMs: number;
}

export type TaskOutcome =
  | { ok: true; taskId: string; outputs: TensorData[]; runMs: number; workerId: string; backend: BackendName }
  | { ok: false; taskId: string; code: TaskFailureCode; message: string };

interface Job {
  task: DecodedTask;
  model: VerifiedModel;
  resolve(outcome: TaskOutcome): void;
}

/** A task a worker has begun: its batches, cut for that worker's backend, and what they gave so far. */
interface Held {
  job: Job;
  batches: TensorData[][];
  outputs: TensorData[][];
  runMs: number;
}

interface Slot {
  info: WorkerInfo;
  device: PoolDevice;
  worker: ComputeWorker | null;
  store: DisposableStore | null;
  /** The task this worker works through, batch by batch; it stays here between batches. */
  held: Held | null;
  /** The batch running now. */
  job: { id: number; startedAt: number } | null;
  /** Mirrors the executor's LRU of loaded models exactly, so bytes cross only when it lacks them. */
  loaded: string[];
  restUntil: number;
  leaked: number;
  consecutiveCrashes: number;
  /** The one pending restart after a crash; cleared when the pool stops. */
  restart: ReturnType<typeof setTimeout> | null;
  busyMs: number;
  /** Busy time and start of the current throttle, reset whenever the mode changes. */
  throttle: { since: number; busyMs: number } | null;
}

/**
 * The worker pool: one worker per enabled device, a shared queue, and a gate consulted before
 * every batch so that a pause takes effect at the next issue. A task bigger than the batch tuned
 * for its model and the worker's backend runs as several batches on that one worker (so its
 * output is what one run would give), each issued through the gate. A crashed worker fails only
 * its own task, with the reason, and is restarted; the others carry on.
 */
export class WorkerPool implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changes = this.disposables.add(new Emitter<WorkerInfo[]>());
  readonly onDidChangeWorkers = this.changes.event;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextJobId = 1;
  private disposed = false;
  private wake: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly config: PoolConfig,
    private readonly services: {
      spawner: WorkerSpawner;
      models: ModelProvider;
      gate: IssueGate;
      /** Monotonic milliseconds, for busy time and throttle rests. */
      now?: () => number;
      /** Wall-clock time, for when a task started as the owner reads it. */
      clock?: () => Date;
      /** Samples per batch for a task on a backend (the benchmark's tuning); null runs it whole. */
      batchSize?: (task: DecodedTask, backend: BackendName) => number | null;
    },
  ) {
    this.disposables.add(
      services.gate.onDidChange(() => {
        for (const slot of this.slots) {
          slot.throttle = null;
          slot.restUntil = 0;
        }
        this.pump();
      }),
    );
    this.disposables.add(toDisposable(() => this.wake && clearTimeout(this.wake)));
    config.devices.forEach((device, index) => {
      const slot: Slot = {
        info: {
          id: `w${index}`,
          device: device.id,
          status: 'starting',
          backend: null,
          tasksDone: 0,
          tasksFailed: 0,
          restarts: 0,
          notes: [],
          current: null,
          last: null,
        },
        device,
        worker: null,
        store: null,
        held: null,
        job: null,
        loaded: [],
        restUntil: 0,
        leaked: 0,
        consecutiveCrashes: 0,
        restart: null,
        busyMs: 0,
        throttle: null,
      };
      this.slots.push(slot);
      this.startWorker(slot);
    });
  }

  private get now(): number {
    return (this.services.now ?? performance.now.bind(performance))();
  }

  private wallClock(): string {
    return (this.services.clock?.() ?? new Date()).toISOString();
  }

  workers(): WorkerInfo[] {
    return this.slots.map((s) => ({ ...s.info }));
  }

  /** No task queued or begun. */
  isIdle(): boolean {
    return this.queue.length === 0 && this.slots.every((s) => s.held === null);
  }

  /** Milliseconds each worker has spent on tasks, for measuring the throttle. */
  busyMs(): number[] {
    return this.slots.map((s) => s.busyMs + (s.job ? this.now - s.job.startedAt : 0));
  }

  /** Runs one task; never rejects: a refusal or failure comes back as an outcome with its code. */
  async run(task: DecodedTask): Promise<TaskOutcome> {
    if (this.disposed) return { ok: false, taskId: task.id, code: 'cancelled', message: 'the pool is shut down' };
    let model: VerifiedModel;
    try {
      model = await this.services.models.get(task.model);
    } catch (error) {
      const failure = error instanceof TaskFailure ? error : new TaskFailure('model-unavailable', (error as Error).message);
      return { ok: false, taskId: task.id, code: failure.code, message: failure.message };
    }
    return new Promise<TaskOutcome>((resolve) => {
      this.queue.push({ task, model, resolve });
      this.pump();
    });
  }

  private startWorker(slot: Slot): void {
    const store = new DisposableStore();
    const worker = store.add(
      this.services.spawner.spawn({
        backendOrder: slot.device.backendOrder,
        maxModels: this.config.maxModels,
        memoryBudgetBytes: slot.device.memoryBudgetBytes,
        lowPriority: this.config.lowPriority,
      }),
    );
    slot.worker = worker;
    slot.store = store;
    slot.loaded = [];
    slot.leaked = 0;
    slot.info = { ...slot.info, status: 'starting' };
    store.add(worker.onMessage((message) => this.onMessage(slot, message)));
    store.add(worker.onExit(({ reason }) => this.onCrash(slot, reason)));
    this.announce();
  }

  private stopWorker(slot: Slot): void {
    slot.store?.dispose();
    slot.store = null;
    slot.worker = null;
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        slot.info = { ...slot.info, status: slot.held ? 'busy' : 'idle', backend: message.choice, notes: message.notes };
        this.announce();
        this.pump();
        return;
      case 'init-failed':
        // No backend works on this device: restarting would fail the same way.
        this.stopWorker(slot);
        if (slot.held) {
          // Its replacement after a leak could not start: the task it held ends here.
          const { job } = slot.held;
          this.release(slot, false);
          job.resolve({ ok: false, taskId: job.task.id, code: 'run-failed', message: `the worker could not restart: ${message.reason}` });
        }
        slot.info = { ...slot.info, status: 'crashed' };
        this.announce();
        this.failStrandedJobs(`no worker could start: ${message.reason}`);
        return;
      case 'done':
      case 'failed':
        this.finish(slot, message);
        return;
      case 'gflops':
        return;
    }
  }

  private finish(slot: Slot, message: Extract<FromWorker, { type: 'done' | 'failed' }>): void {
    const running = slot.job;
    const held = slot.held;
    if (!running || !held || running.id !== message.jobId) return;
    slot.job = null;
    const busy = this.now - running.startedAt;
    slot.busyMs += busy;
    const { job } = held;
    // The executor holds the model after every outcome except a failed load.
    if (!(message.type === 'failed' && message.code === 'model-invalid')) this.remember(slot, job.model.sha256);
    if (message.type === 'failed') {
      this.release(slot, false);
      slot.info = { ...slot.info, tasksFailed: slot.info.tasksFailed + 1 };
      job.resolve({ ok: false, taskId: job.task.id, code: message.code, message: message.message });
    } else {
      slot.consecutiveCrashes = 0;
      slot.leaked += message.leakedTensors;
      held.outputs.push(message.outputs);
      held.runMs += message.runMs;
      if (held.outputs.length === held.batches.length) {
        this.release(slot, true);
        slot.info = { ...slot.info, tasksDone: slot.info.tasksDone + 1 };
        job.resolve({ ok: true, taskId: job.task.id, outputs: concatBatches(held.outputs), runMs: held.runMs, workerId: slot.info.id, backend: slot.info.backend!.backend });
      }
    }
    const mode = this.services.gate.current();
    if (mode.kind === 'throttled') {
      slot.throttle ??= { since: running.startedAt, busyMs: 0 };
      slot.throttle.busyMs += busy;
      slot.restUntil = this.now + restToHoldDuty(slot.throttle.busyMs, this.now - slot.throttle.since, mode.dutyPercent);
    } else {
      slot.restUntil = 0;
    }
    if (slot.leaked > this.config.maxLeakedTensors) {
      // TF.js memory that grows across tasks only ends with the worker: replace it (a task it
      // holds goes on with its next batch on the fresh one).
      this.stopWorker(slot);
      slot.info = { ...slot.info, restarts: slot.info.restarts + 1 };
      this.startWorker(slot);
    } else {
      slot.info = { ...slot.info, status: slot.held ? 'busy' : 'idle' };
      this.announce();
    }
    this.pump();
  }

  /** The worker is done with its task: it moves to `last`, stamped with how it ended. */
  private release(slot: Slot, ok: boolean): void {
    slot.held = null;
    const { current } = slot.info;
    if (current) slot.info = { ...slot.info, current: null, last: { ...current, finishedAt: this.wallClock(), ok } };
  }

  private remember(slot: Slot, sha256: string): void {
    slot.loaded = [...slot.loaded.filter((s) => s !== sha256), sha256].slice(-this.config.maxModels);
  }

  private onCrash(slot: Slot, reason: string): void {
    const running = slot.job;
    const held = slot.held;
    slot.job = null;
    this.stopWorker(slot);
    if (running) slot.busyMs += this.now - running.startedAt;
    if (held) {
      this.release(slot, false);
      slot.info = { ...slot.info, tasksFailed: slot.info.tasksFailed + 1 };
      held.job.resolve({ ok: false, taskId: held.job.task.id, code: 'worker-crashed', message: reason });
    }
    slot.consecutiveCrashes++;
    slot.info = { ...slot.info, status: 'crashed', restarts: slot.info.restarts + 1 };
    this.announce();
    this.scheduleRestart(slot);
  }

  /**
   * One restart per slot at a time, later after each consecutive crash, so a worker that dies at
   * every start neither spins nor piles up timers; stopping the pool cancels it.
   */
  private scheduleRestart(slot: Slot): void {
    if (this.disposed) return;
    if (slot.restart) clearTimeout(slot.restart);
    slot.restart = setTimeout(() => {
      slot.restart = null;
      if (!this.disposed) this.startWorker(slot);
    }, restartDelay(this.config.restartDelayMs, slot.consecutiveCrashes));
  }

  private failStrandedJobs(reason: string): void {
    const alive = this.slots.some((s) => s.worker !== null || (s.info.status === 'crashed' && s.consecutiveCrashes > 0));
    if (alive) return;
    for (const job of this.queue.splice(0)) job.resolve({ ok: false, taskId: job.task.id, code: 'run-failed', message: reason });
  }

  /**
   * Issues the next batch to each free worker (of the task it holds, else of the next queued
   * task), if the gate allows and its throttle rest is over.
   */
  private pump(): void {
    if (this.disposed || this.services.gate.current().kind === 'paused') return;
    const now = this.now;
    let soonest = Infinity;
    for (const slot of this.slots) {
      // Between the batches of the task it holds a worker reads as busy; otherwise it must be idle.
      const free = slot.worker !== null && slot.job === null && slot.info.status === (slot.held ? 'busy' : 'idle');
      if (!free || (!slot.held && this.queue.length === 0)) continue;
      if (slot.restUntil > now) {
        soonest = Math.min(soonest, slot.restUntil);
        continue;
      }
      if (!slot.held) this.begin(slot, this.queue.shift()!);
      this.issue(slot);
    }
    if (soonest < Infinity) {
      if (this.wake) clearTimeout(this.wake);
      this.wake = setTimeout(() => {
        this.wake = null;
        this.pump();
      }, soonest - now);
    }
  }

  /** The worker takes the task on: it is cut into batches tuned for this worker's backend. */
  private begin(slot: Slot, job: Job): void {
    const backend = slot.info.backend!.backend;
    const size = this.services.batchSize?.(job.task, backend) ?? null;
    slot.held = { job, batches: size === null ? [job.task.inputs] : splitBatch(job.task.inputs, size), outputs: [], runMs: 0 };
    const current: WorkerTask = {
      taskId: job.task.id,
      model: job.task.modelName ?? job.model.sha256.slice(0, 12),
      backend,
      startedAt: this.wallClock(),
    };
    slot.info = { ...slot.info, current };
  }

  private issue(slot: Slot): void {
    const held = slot.held!;
    const { model } = held.job;
    const inputs = held.batches[held.outputs.length]!;
    const id = this.nextJobId++;
    const needsModel = !slot.loaded.includes(model.sha256);
    slot.job = { id, startedAt: this.now };
    slot.info = { ...slot.info, status: 'busy' };
    // Inputs belong to this one task: move their buffers rather than copy them.
    const transfer = [...new Set(inputs.map((i) => i.data.buffer as ArrayBuffer))];
    slot.worker!.post({ type: 'run', jobId: id, sha256: model.sha256, inputs, ...(needsModel ? { model: model.bytes } : {}) }, transfer);
    this.announce();
  }

  private announce(): void {
    this.changes.fire(this.workers());
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const slot of this.slots) {
      if (slot.restart) clearTimeout(slot.restart);
      slot.restart = null;
      if (slot.held) slot.held.job.resolve({ ok: false, taskId: slot.held.job.task.id, code: 'cancelled', message: 'the pool shut down' });
      slot.held = null;
      slot.job = null;
      this.stopWorker(slot);
      slot.info = { ...slot.info, status: 'stopped', current: null };
    }
    for (const job of this.queue.splice(0)) job.resolve({ ok: false, taskId: job.task.id, code: 'cancelled', message: 'the pool shut down' });
    this.disposables.dispose();
  }
}

/** The wait before restarting a worker after its `crashes`-th crash in a row: doubling, capped at 30 s. */
export function restartDelay(baseMs: number, crashes: number): number {
  return Math.min(30_000, baseMs * 2 ** Math.max(0, crashes - 1));
}
