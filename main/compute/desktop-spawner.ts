import type { ComputeWorker, WorkerSpawner } from '../../src/engine/compute/spawner';
import type { WorkerSetup } from '../../src/engine/compute/worker-protocol';

/**
 * The desktop app's workers: a WebGPU worker lives in the compute window, every other backend in
 * a utility process. A worker's backends come from one host, so WebGPU is never mixed into a
 * utility process's order (the engine picks one backend per GPU from the benchmark).
 */
export class DesktopSpawner implements WorkerSpawner {
  constructor(
    private readonly processes: WorkerSpawner,
    private readonly window: WorkerSpawner,
  ) {}

  spawn(setup: WorkerSetup): ComputeWorker {
    if (setup.backendOrder[0] === 'webgpu') return this.window.spawn({ ...setup, backendOrder: ['webgpu'] });
    return this.processes.spawn({ ...setup, backendOrder: setup.backendOrder.filter((b) => b !== 'webgpu') });
  }
}
