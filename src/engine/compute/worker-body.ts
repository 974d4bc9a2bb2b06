import type { BackendChoice, BackendName } from '../../common/api';
import { TaskFailure } from '../tasks/failure';
import type { Tf } from './backend';
import { Executor } from './executor';
import type { WorkerPort } from './worker-port';
import type { ToWorker, WorkerSetup } from './worker-protocol';

export type BackendLoader = (order: readonly BackendName[]) => Promise<{ tf: Tf; choice: BackendChoice }>;

/**
 * What every compute worker does, whichever host carries it (a thread, a utility process, the
 * desktop app's WebGPU window): load a backend, say so, then run jobs strictly in order. Browser
 * safe: no Node module is reached from here.
 */
export async function serveWorker(setup: WorkerSetup, port: WorkerPort, loadBackend: BackendLoader, notes: string[] = []): Promise<void> {
  const send = port.send;
  let executor: Executor;
  try {
    const { tf, choice } = await loadBackend(setup.backendOrder);
    executor = new Executor(tf, { maxModels: setup.maxModels, memoryBudgetBytes: setup.memoryBudgetBytes });
    send({ type: 'ready', choice, notes });
  } catch (error) {
    send({ type: 'init-failed', reason: (error as Error).message });
    return;
  }

  let queue = Promise.resolve();
  port.onMessage((message: ToWorker) => {
    queue = queue.then(async () => {
      try {
        if (message.type === 'matmul') {
          send({ type: 'gflops', jobId: message.jobId, gflops: await executor.matmulGflops(message.size, message.minMs) });
          return;
        }
        if (message.model) await executor.load(message.sha256, message.model);
        const result = await executor.run(message.sha256, message.inputs);
        send({ type: 'done', jobId: message.jobId, ...result }, result.outputs.map((o) => o.data.buffer as ArrayBuffer));
      } catch (error) {
        const failure = error instanceof TaskFailure ? error : new TaskFailure('run-failed', (error as Error).message);
        send({ type: 'failed', jobId: message.jobId, code: failure.code, message: failure.message });
      }
    });
  });
}
