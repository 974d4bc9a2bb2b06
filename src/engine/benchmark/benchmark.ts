import type { BackendName, BenchmarkResult } from '../../common/api';
import { DisposableStore } from '../../common/lifecycle';
import type { TensorData } from '../compute/executor';
import type { ComputeWorker, WorkerSpawner } from '../compute/spawner';
import type { FromWorker, ToWorker } from '../compute/worker-protocol';
import { batchSizeFor, fitBatchCost } from '../pool/duty';
import type { BundledModel } from '../tasks/bundled-models';
import type { ModelBytes } from '../tasks/model';

export interface BenchmarkOptions {
  /** Backends to measure, each alone; those that cannot start here are left out of the results. */
  backends: BackendName[];
  models: { info: BundledModel; bytes: ModelBytes }[];
  matmulSize: number;
  /** Minimum timing window per figure. */
  minMs: number;
  /** The device time one batch may take: it bounds how late a pause can take effect. */
  targetBatchMs: number;
  maxBatch: number;
}

export const defaultBenchmarkOptions = { matmulSize: 512, minMs: 300, targetBatchMs: 100, maxBatch: 1024 } as const;

export type Progress = (fraction: number, step: string) => void;

/** `work`, or the abort's reason as soon as `signal` aborts: a worker busy with a long batch is not waited for. */
function abortable<T>(signal: AbortSignal | undefined, work: Promise<T>): Promise<T> {
  if (!signal) return work;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A request/response view of one worker, for measuring outside the pool. */
class WorkerCalls {
  private readonly store = new DisposableStore();
  private readonly pending = new Map<number, (m: FromWorker) => void>();
  private nextId = 1;
  readonly ready: Promise<Extract<FromWorker, { type: 'ready' }>>;

  constructor(
    private readonly worker: ComputeWorker,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.store.add(worker);
    const ready = new Promise<Extract<FromWorker, { type: 'ready' }>>((resolve, reject) => {
      this.store.add(
        worker.onMessage((message) => {
          if (message.type === 'ready') resolve(message);
          else if (message.type === 'init-failed') reject(new Error(message.reason));
          else this.pending.get(message.jobId)?.(message);
        }),
      );
      this.store.add(worker.onExit(({ reason }) => reject(new Error(reason))));
    });
    this.ready = abortable(signal, ready);
  }

  call(message: Omit<Extract<ToWorker, { type: 'run' }>, 'jobId'> | Omit<Extract<ToWorker, { type: 'matmul' }>, 'jobId'>): Promise<FromWorker> {
    const jobId = this.nextId++;
    const answer = new Promise<FromWorker>((resolve) => {
      this.pending.set(jobId, (m) => {
        this.pending.delete(jobId);
        resolve(m);
      });
      this.worker.post({ ...message, jobId } as ToWorker);
    });
    return abortable(this.signal, answer);
  }

  dispose(): void {
    this.store.dispose();
  }
}

const input = (shape: number[]): TensorData => {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = ((i * 7919) % 1000) / 1000;
  return { dtype: 'float32', shape, data };
};

async function timeBatch(calls: WorkerCalls, model: { info: BundledModel; bytes: ModelBytes }, batch: number, first: boolean): Promise<number> {
  const answer = await calls.call({ type: 'run', sha256: model.info.sha256, inputs: [input([batch, ...model.info.inputShape])], ...(first ? { model: model.bytes } : {}) });
  if (answer.type !== 'done') throw new Error(answer.type === 'failed' ? answer.message : 'unexpected answer');
  return answer.runMs;
}

/**
 * Measures each backend in a worker of its own: matmul GFLOP/s, then per bundled model the batch
 * size whose run stays within the target and the samples per second at that size. Aborted through
 * `signal`, it rejects with the abort's reason at once and ends its worker.
 */
export async function runBenchmark(
  spawner: WorkerSpawner,
  options: BenchmarkOptions,
  progress: Progress = () => undefined,
  signal?: AbortSignal,
): Promise<BenchmarkResult[]> {
  const results: BenchmarkResult[] = [];
  const steps = options.backends.length * (1 + options.models.length);
  let step = 0;
  const advance = (label: string) => progress(Math.min(1, ++step / steps), label);
  for (const backend of options.backends) {
    signal?.throwIfAborted();
    progress(step / steps, `starting ${backend}`);
    const calls = new WorkerCalls(spawner.spawn({ backendOrder: [backend], maxModels: options.models.length, memoryBudgetBytes: 1 << 30, lowPriority: false }), signal);
    try {
      let ready: Extract<FromWorker, { type: 'ready' }>;
      try {
        ready = await calls.ready;
      } catch (error) {
        if (signal?.aborted) throw error;
        step += 1 + options.models.length;
        progress(step / steps, `${backend} is not available here`);
        continue;
      }
      const gflops = await calls.call({ type: 'matmul', size: options.matmulSize, minMs: options.minMs });
      advance(`${backend}: matmul`);
      const perModel: BenchmarkResult['models'] = [];
      for (const model of options.models) {
        const points: { batch: number; ms: number }[] = [];
        await timeBatch(calls, model, 1, true);
        for (let batch = 1; batch <= options.maxBatch; batch *= 4) {
          const ms = await timeBatch(calls, model, batch, false);
          points.push({ batch, ms });
          if (ms > options.targetBatchMs) break;
        }
        const cost = fitBatchCost(points);
        const batchSize = batchSizeFor(cost.msPerSample, cost.fixedMs, options.targetBatchMs, options.maxBatch);
        let runs = 0;
        let total = 0;
        while (total < options.minMs || runs < 2) {
          total += await timeBatch(calls, model, batchSize, false);
          runs++;
        }
        perModel.push({ model: model.info.name, batchSize, batchMs: total / runs, samplesPerSecond: (batchSize * runs) / (total / 1000) });
        advance(`${backend}: ${model.info.name}`);
      }
      results.push({
        backend: ready.choice,
        matmulGflops: gflops.type === 'gflops' ? gflops.gflops : 0,
        models: perModel,
        measuredAt: new Date().toISOString(),
      });
    } finally {
      calls.dispose();
    }
  }
  return results;
}
