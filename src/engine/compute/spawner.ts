import { Worker } from 'node:worker_threads';
import { Emitter, type Disposable, type Event } from '../../common/lifecycle';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-protocol';

/** One compute worker as the pool sees it, whatever process model carries it. */
export interface ComputeWorker extends Disposable {
  post(message: ToWorker, transfer?: ArrayBuffer[]): void;
  readonly onMessage: Event<FromWorker>;
  /** Fires once when the worker ends for any reason other than dispose(). */
  readonly onExit: Event<{ reason: string }>;
}

/**
 * Starts compute workers. Under Node: worker_threads (this file). In the Electron app the main
 * process supplies a utilityProcess spawner with the same contract, and a hidden-window one for
 * WebGPU; neither can run here.
 */
export interface WorkerSpawner {
  spawn(setup: WorkerSetup): ComputeWorker;
}

/**
 * The worker script beside this module: the .ts source under tsx and vitest, or worker-main.js
 * where a build emitted it next to this file. A bundle that inlines this module (the Electron
 * main process) must emit worker-main as an entry of its own and pass its URL to ThreadSpawner.
 */
export function defaultWorkerEntry(): URL {
  return new URL(import.meta.url.endsWith('.ts') ? './worker-main.ts' : './worker-main.js', import.meta.url);
}

export class ThreadSpawner implements WorkerSpawner {
  constructor(private readonly entry: URL = defaultWorkerEntry()) {}

  spawn(setup: WorkerSetup): ComputeWorker {
    // From TypeScript sources (tests, `tsx`), a worker needs tsx's loader registered in its own
    // thread: a parent's --import hooks do not reach worker threads on Node 20.
    const worker = this.entry.pathname.endsWith('.ts')
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(this.entry.href)}); });`, {
          eval: true,
          workerData: setup,
        })
      : new Worker(this.entry, { workerData: setup });
    return new ThreadWorker(worker);
  }
}

/**
 * What every host's worker shares: its two events, and an exit reported once and never after
 * dispose(). A host adds how to post and how to let go of what carries the worker.
 */
export abstract class HostedWorker implements ComputeWorker {
  private readonly messages = new Emitter<FromWorker>();
  private readonly exits = new Emitter<{ reason: string }>();
  readonly onMessage = this.messages.event;
  readonly onExit = this.exits.event;
  private ended = false;

  abstract post(message: ToWorker, transfer?: ArrayBuffer[]): void;
  /** Ends the thread, process or window that carries the worker. */
  protected abstract release(): void;

  protected received(message: FromWorker): void {
    this.messages.fire(message);
  }

  /** The carrier ended on its own; the pool hears it once. */
  protected exited(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.exits.fire({ reason });
  }

  dispose(): void {
    this.ended = true;
    this.release();
    this.messages.dispose();
    this.exits.dispose();
  }
}

class ThreadWorker extends HostedWorker {
  constructor(private readonly worker: Worker) {
    super();
    worker.on('message', (message: FromWorker) => this.received(message));
    let error: Error | undefined;
    worker.on('error', (e) => (error = e));
    worker.on('exit', (code) => this.exited(error ? `worker crashed: ${error.message}` : `worker exited with code ${code}`));
  }

  post(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  protected release(): void {
    void this.worker.terminate();
  }
}
