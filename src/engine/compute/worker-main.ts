import { setPriority } from 'node:os';
import { loadBackend } from './backend';
import { serveWorker } from './worker-body';
import { connectWorker } from './worker-port';

/** A compute worker under Node: a worker thread, or an Electron utility process. */
async function main(): Promise<void> {
  const { setup, port, host } = await connectWorker();
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
  await serveWorker(setup, port, loadBackend, notes);
}

void main();
