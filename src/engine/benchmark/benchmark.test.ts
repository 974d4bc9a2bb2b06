import { describe, expect, test } from 'vitest';
import { ThreadSpawner, type WorkerSpawner } from '../compute/spawner';
import { readBundledIndex, readBundledModel } from '../tasks/bundled-models';
import { runBenchmark } from './benchmark';

describe('runBenchmark (real worker threads)', () => {
  test('measures available backends, skips the missing native ones, and sizes batches within the target', async () => {
    const index = await readBundledIndex();
    const models = await Promise.all(index.map(async (info) => ({ info, bytes: await readBundledModel(info.name) })));
    const steps: number[] = [];
    const results = await runBenchmark(
      new ThreadSpawner(),
      { backends: ['tensorflow', 'wasm'], models, matmulSize: 128, minMs: 30, targetBatchMs: 20, maxBatch: 64 },
      (fraction) => steps.push(fraction),
    );
    expect(results.map((r) => r.backend.backend)).toEqual(['wasm']);
    const [wasm] = results;
    expect(wasm!.matmulGflops).toBeGreaterThan(0);
    expect(wasm!.models.map((m) => m.model)).toEqual(['image-classifier', 'text-embedding']);
    for (const m of wasm!.models) {
      expect(m.batchSize).toBeGreaterThanOrEqual(1);
      expect(m.samplesPerSecond).toBeGreaterThan(0);
      if (m.batchSize > 1) expect(m.batchMs).toBeLessThan(20 * 1.5);
    }
    expect(steps.at(-1)).toBe(1);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  }, 60_000);

  test('cancelled mid-measurement, it stops at once with the reason and ends its worker', async () => {
    const index = await readBundledIndex();
    const models = await Promise.all(index.map(async (info) => ({ info, bytes: await readBundledModel(info.name) })));
    const threads = new ThreadSpawner();
    const abort = new AbortController();
    let live = 0;
    // The real spawner, watched: the owner cancels once the worker is up and measuring.
    const spawner: WorkerSpawner = {
      spawn(setup) {
        const worker = threads.spawn(setup);
        live++;
        worker.onMessage((message) => message.type === 'ready' && setTimeout(() => abort.abort(), 200));
        const dispose = () => {
          live--;
          worker.dispose();
        };
        return { post: (m, t) => worker.post(m, t), onMessage: worker.onMessage, onExit: worker.onExit, dispose };
      },
    };
    const started = Date.now();
    // A matrix multiply timed for a whole minute: only the cancel can end this run in time.
    const run = runBenchmark(spawner, { backends: ['wasm'], models, matmulSize: 128, minMs: 60_000, targetBatchMs: 20, maxBatch: 64 }, () => undefined, abort.signal);
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(live).toBe(0);
  }, 60_000);
});
