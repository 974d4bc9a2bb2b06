import { HostedWorker, type ComputeWorker, type WorkerSpawner } from '../../src/engine/compute/spawner';
import type { SetupMessage } from '../../src/engine/compute/worker-port';
import type { FromWorker, ToWorker, WorkerSetup } from '../../src/engine/compute/worker-protocol';

/** The part of Electron's UtilityProcess the pool uses; `utilityProcess.fork` returns one. */
export interface UtilityChild {
  postMessage(message: unknown): void;
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'error', listener: (type: string, location: string) => void): unknown;
  kill(): boolean;
}

export type ForkUtility = (modulePath: string, options: { serviceName: string; stdio: 'ignore' | 'inherit' | 'pipe' }) => UtilityChild;

/**
 * Compute workers as Electron utility processes: a crash in a native TF.js backend (CUDA, a
 * driver) ends that process, not the app, and the worker lowers its own priority on every
 * platform. The worker script is the same one worker threads run.
 */
export class UtilityProcessSpawner implements WorkerSpawner {
  private count = 0;

  constructor(
    private readonly fork: ForkUtility,
    private readonly entryPath: string,
  ) {}

  spawn(setup: WorkerSetup): ComputeWorker {
    const child = this.fork(this.entryPath, { serviceName: `PlexAi compute ${++this.count}`, stdio: 'inherit' });
    return new UtilityWorker(child, setup);
  }
}

class UtilityWorker extends HostedWorker {
  private fatal: string | null = null;

  constructor(
    private readonly child: UtilityChild,
    setup: WorkerSetup,
  ) {
    super();
    child.on('message', (message) => this.received(message as FromWorker));
    child.on('error', (type, location) => (this.fatal = `${type} at ${location}`));
    child.on('exit', (code) => this.exited(this.fatal ? `worker process crashed: ${this.fatal}` : `worker process exited with code ${code}`));
    // Electron queues messages until the child runs, so jobs posted right after this one follow it in order.
    const first: SetupMessage = { type: 'setup', setup };
    child.postMessage(first);
  }

  post(message: ToWorker): void {
    this.child.postMessage(message);
  }

  protected release(): void {
    this.child.kill();
  }
}
