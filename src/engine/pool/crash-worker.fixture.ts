import { parentPort } from 'node:worker_threads';
import type { ToWorker } from '../compute/worker-protocol';

/**
 * A real compute worker with two cues in a task's first input: 666 ends its thread with exit code
 * 3, mid-task; 777 blocks it for 1.5 s first, so a test can watch a task while it runs.
 * How the pool tests make a worker die or dawdle for real, through the real spawner.
 */
parentPort!.on('message', (message: ToWorker) => {
  if (message.type !== 'run') return;
  if (message.inputs[0]?.data[0] === 666) process.exit(3);
  if (message.inputs[0]?.data[0] === 777) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
});
await import('../compute/worker-main');
