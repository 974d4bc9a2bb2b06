import { setPriority } from 'node:os';
import { TaskFailure } from '../tasks/failure';
import { loadBackend } from './backend';
import { Executor } from './executor';
import { connectWorker } from './worker-port';
import type { ToWorker } from './worker-protocol';

/** The body of one compute worker (a thread, or a utility process): one backend, one executor, jobs strictly in order. */
async function main(): Promise<void> {
  const { setup, port, host } = await connectWorker();
  const send = port.send;
  const notes: string[] = [];
  // A utility process is the worker's own, so lowering it spares the app on every platform; in a
  // thread only Linux scopes niceness to the thread, elsewhere it would slow the whole engine.
  if (setup.lowPriority && (host === 'process' || process.platform === 'linux')) {
    try {
      setPriority(19);
    } catch (error) {
      notes.push(`could not lower the worker's priority: ${(error as Error).message}`);
    }
  } else if (setup.lowPriority) {
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

void main();
