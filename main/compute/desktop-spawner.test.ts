import { expect, test } from 'vitest';
import type { ComputeWorker, WorkerSpawner } from '../../src/engine/compute/spawner';
import type { WorkerSetup } from '../../src/engine/compute/worker-protocol';
import { DesktopSpawner } from './desktop-spawner';

class Recording implements WorkerSpawner {
  readonly setups: WorkerSetup[] = [];
  spawn(setup: WorkerSetup): ComputeWorker {
    this.setups.push(setup);
    return {} as ComputeWorker;
  }
}

const setup = (backendOrder: WorkerSetup['backendOrder']): WorkerSetup => ({ backendOrder, maxModels: 1, memoryBudgetBytes: 1, lowPriority: true });

test('a GPU benchmarked fastest on WebGPU gets a compute window; every other worker a utility process that never tries WebGPU', () => {
  const processes = new Recording();
  const window = new Recording();
  const spawner = new DesktopSpawner(processes, window);
  spawner.spawn(setup(['webgpu', 'tensorflow-gpu']));
  spawner.spawn(setup(['tensorflow-gpu', 'webgpu']));
  spawner.spawn(setup(['wasm', 'cpu']));
  expect(window.setups.map((s) => s.backendOrder)).toEqual([['webgpu']]);
  expect(processes.setups.map((s) => s.backendOrder)).toEqual([['tensorflow-gpu'], ['wasm', 'cpu']]);
});
