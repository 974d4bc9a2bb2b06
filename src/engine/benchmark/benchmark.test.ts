import { describe, expect, test } from 'vitest';
import { ThreadSpawner } from '../compute/spawner';
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
});
