import { fork } from 'node:child_process';
import { afterEach, expect, test } from 'vitest';
import { defaultWorkerEntry, type ComputeWorker } from '../../src/engine/compute/spawner';
import type { FromWorker, WorkerSetup } from '../../src/engine/compute/worker-protocol';
import { readBundledIndex } from '../../src/engine/tasks/bundled-models';
import { BundledModelSource } from '../../src/engine/tasks/model-cache';
import { UtilityProcessSpawner, type ForkUtility } from './utility-spawner';

let lastPid = 0;
/** utilityProcess.fork's contract on a plain Node child process: Electron cannot run here. */
const forkLikeElectron: ForkUtility = (modulePath) => {
  const child = fork(modulePath, [], {
    execArgv: ['--import', 'tsx', '--import', new URL('./electron-parent-port.fixture.ts', import.meta.url).href],
    serialization: 'advanced',
    stdio: 'inherit',
  });
  lastPid = child.pid!;
  return {
    postMessage: (message) => child.send(message as never),
    on: (event: string, listener: (...args: any[]) => void) => {
      if (event === 'exit') child.on('exit', (code, signal) => (listener as (code: number) => void)(code ?? (signal ? 1 : 0)));
      else if (event !== 'error') child.on(event, listener);
      return child;
    },
    kill: () => child.kill(),
  };
};

const setup: WorkerSetup = { backendOrder: ['wasm', 'cpu'], maxModels: 1, memoryBudgetBytes: 64 * 2 ** 20, lowPriority: true };
const next = (worker: ComputeWorker, type: FromWorker['type']) =>
  new Promise<FromWorker>((resolve) => {
    const listener = worker.onMessage((message) => {
      if (message.type !== type) return;
      listener.dispose();
      resolve(message);
    });
  });

let worker: ComputeWorker | undefined;
afterEach(() => worker?.dispose());

test('a compute worker in its own process (Electron’s utilityProcess, played by a Node child process) runs a bundled model and reports its death', async () => {
  worker = new UtilityProcessSpawner(forkLikeElectron, defaultWorkerEntry().pathname).spawn(setup);
  const ready = await next(worker, 'ready');
  expect(ready).toMatchObject({ type: 'ready', choice: { backend: 'wasm' } });
  // A process of its own is lowered as a whole, on every platform: no note that it could not be.
  expect((ready as { notes: string[] }).notes).toEqual([]);

  const [, mlp] = await readBundledIndex();
  const model = (await new BundledModelSource().fetch(mlp!.sha256))!;
  const done = next(worker, 'done');
  worker.post({ type: 'run', jobId: 1, sha256: mlp!.sha256, model, inputs: [{ dtype: 'float32', shape: [1, 128], data: new Float32Array(128).fill(0.5) }] });
  const result = (await done) as Extract<FromWorker, { type: 'done' }>;
  expect(result.outputs[0]!.shape).toEqual([1, 64]);
  expect(result.outputs[0]!.data).toBeInstanceOf(Float32Array);

  const exited = new Promise<{ reason: string }>((resolve) => worker!.onExit(resolve));
  process.kill(lastPid, 'SIGKILL');
  expect((await exited).reason).toMatch(/^worker process exited with code/);
}, 30_000);
