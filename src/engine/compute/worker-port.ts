import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-protocol';

/** The compute worker's line to the pool, whichever process model carries it. */
export interface WorkerPort {
  send(message: FromWorker, transfer?: ArrayBuffer[]): void;
  onMessage(listener: (message: ToWorker) => void): void;
}

/** Electron's utilityProcess side of its channel to the main process (`process.parentPort`). */
export interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/** What the first message of a utility process carries: it has no workerData to start with. */
export interface SetupMessage {
  type: 'setup';
  setup: WorkerSetup;
}

/**
 * Connects the worker body to its host: a worker thread gets its setup as workerData; an Electron
 * utility process gets it as the first message, and every later message is a job.
 */
export function connectWorker(
  electronPort: ElectronParentPort | undefined = electronParentPort(),
): Promise<{ setup: WorkerSetup; port: WorkerPort; host: 'thread' | 'process' }> {
  if (parentPort) {
    const thread = parentPort;
    return Promise.resolve({
      host: 'thread',
      setup: workerData as WorkerSetup,
      port: { send: (message, transfer = []) => thread.postMessage(message, transfer), onMessage: (listener) => thread.on('message', listener) },
    });
  }
  if (!electronPort) throw new Error('the compute worker runs as a worker thread or an Electron utility process, and this is neither');
  return new Promise((resolve) => {
    const jobs: ((message: ToWorker) => void)[] = [];
    let setup: WorkerSetup | null = null;
    electronPort.on('message', ({ data }) => {
      if (setup) {
        for (const job of jobs) job(data as ToWorker);
        return;
      }
      setup = (data as SetupMessage).setup;
      // Structured clone copies the outputs across processes; nothing can be transferred.
      resolve({ host: 'process', setup, port: { send: (message) => electronPort.postMessage(message), onMessage: (listener) => jobs.push(listener) } });
    });
  });
}

function electronParentPort(): ElectronParentPort | undefined {
  return (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
}
