import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { TaskFailure } from '../tasks/failure';
import { loadBackend } from './backend';
import { Executor } from './executor';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-protocol';

/** The body of one compute worker thread: one backend, one executor, jobs strictly in order. */
async function main(setup: WorkerSetup): Promise<void> {
  const port = parentPort!;
  const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  const notes: string[] = [];
  if (setup.lowPriority && process.platform === 'linux') {
    try {
      // On Linux niceness is per thread, so this lowers the compute thread, not the engine's.
      setPriority(19);
    } catch (error) {
      notes.push(`could not lower the worker's priority: ${(error as Error).message}`);
    }
  } else if (setup.lowPriority) {
    // Elsewhere it would lower the whole process, the app's window included: that is left to
    // the process that hosts the worker (Electron's utilityProcess).
    notes.push(`worker priority is not lowered per thread on ${process.platform}`);
  }
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
  port.on('message', (message: ToWorker) => {
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

void main(workerData as WorkerSetup);
