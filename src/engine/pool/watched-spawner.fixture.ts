import { ThreadSpawner, type ComputeWorker, type WorkerSpawner } from '../compute/spawner';
import type { ToWorker, WorkerSetup } from '../compute/worker-protocol';

/** Real worker threads, watched: each batch posted to them, and each answer after the pool has handled it. */
export class WatchedSpawner implements WorkerSpawner {
  readonly runs: Extract<ToWorker, { type: 'run' }>[] = [];
  answers = 0;
  onRun: () => void = () => undefined;
  private readonly real = new ThreadSpawner();

  spawn(setup: WorkerSetup): ComputeWorker {
    const worker = this.real.spawn(setup);
    return {
      post: (message, transfer) => {
        if (message.type === 'run') this.runs.push({ ...message, inputs: message.inputs.map((i) => ({ ...i, shape: [...i.shape] })) });
        worker.post(message, transfer);
        if (message.type === 'run') this.onRun();
      },
      onMessage: (listener) =>
        worker.onMessage((message) => {
          listener(message);
          if (message.type === 'done' || message.type === 'failed') this.answers++;
        }),
      onExit: worker.onExit,
      dispose: () => worker.dispose(),
    };
  }
}
