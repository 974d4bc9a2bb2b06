import { parentPort } from 'node:worker_threads';
import type { ToWorker } from '../compute/worker-protocol';

/**
 * A real compute worker that ends its thread with exit code 3 on a task whose first input starts
 * with 666: how the pool tests make a worker die for real, mid-task, through the real spawner.
 */
parentPort!.on('message', (message: ToWorker) => {
  if (message.type === 'run' && message.inputs[0]?.data[0] === 666) process.exit(3);
});
await import('../compute/worker-main');
