/**
 * Compute figures (issue 6): GFLOP/s of each TF.js backend here on a 512² matmul, and the CPU pool
 * (one wasm worker per core, all at once) against the machine's BLAS peak measured in the same
 * run with numpy (Debian's python3-numpy), target ≥ 0.35 of it.
 * Run: npx tsx bench/engine-gflops.ts
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import type { BackendName } from '../src/common/api';
import { ThreadSpawner } from '../src/engine/compute/spawner';
import type { FromWorker } from '../src/engine/compute/worker-protocol';

const SIZE = 512;
const MIN_MS = 1500;
const spawner = new ThreadSpawner();

function startWorker(backend: BackendName) {
  const worker = spawner.spawn({ backendOrder: [backend], maxModels: 1, memoryBudgetBytes: 1 << 30, lowPriority: false });
  const ready = new Promise<string | null>((resolve) => {
    worker.onMessage((m) => {
      if (m.type === 'ready') resolve(null);
      if (m.type === 'init-failed') resolve(m.reason);
    });
    worker.onExit(({ reason }) => resolve(reason));
  });
  const matmul = () =>
    new Promise<number>((resolve) => {
      const listener = worker.onMessage((m: FromWorker) => {
        if (m.type === 'gflops') {
          listener.dispose();
          resolve(m.gflops);
        }
      });
      worker.post({ type: 'matmul', jobId: 1, size: SIZE, minMs: MIN_MS });
    });
  return { worker, ready, matmul };
}

function numpyPeak(): number | null {
  const script = `
import numpy as np, time
a = np.random.rand(${SIZE * 2}, ${SIZE * 2}).astype(np.float32); b = np.random.rand(${SIZE * 2}, ${SIZE * 2}).astype(np.float32)
a @ b
n = 0; t = time.perf_counter()
while time.perf_counter() - t < 1.5:
    a @ b; n += 1
print(2 * ${SIZE * 2} ** 3 * n / (time.perf_counter() - t) / 1e9)`;
  try {
    return Number(execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim());
  } catch {
    return null;
  }
}

const perBackend: Record<string, number | string> = {};
for (const backend of ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as BackendName[]) {
  const w = startWorker(backend);
  const failure = await w.ready;
  perBackend[backend] = failure ?? Number((await w.matmul()).toFixed(2));
  w.worker.dispose();
}

const cores = availableParallelism();
const pool = Array.from({ length: cores }, () => startWorker('wasm'));
await Promise.all(pool.map((w) => w.ready));
const poolGflops = (await Promise.all(pool.map((w) => w.matmul()))).reduce((a, b) => a + b, 0);
pool.forEach((w) => w.worker.dispose());
const blas = numpyPeak();

console.log(
  JSON.stringify({
    bench: 'engine-gflops',
    matmul: `${SIZE}x${SIZE} float32`,
    gflopsPerBackend: perBackend,
    cpuPool: { workers: cores, gflops: Number(poolGflops.toFixed(2)) },
    baseline: { what: `numpy (BLAS) ${SIZE * 2}² float32 matmul, all cores`, gflops: blas && Number(blas.toFixed(2)) },
    ratio: blas ? Number((poolGflops / blas).toFixed(3)) : null,
    target: '>= 0.35',
  }),
);
