import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { readBundledIndex } from './bundled-models';
import { BundledModelSource, ModelCache, type ModelSource } from './model-cache';
import type { ModelBytes } from './model';
import { modelDigest } from './model-digest';

const tinyModel = (units: number): ModelBytes => {
  const json = new TextEncoder().encode(
    JSON.stringify({
      format: 'graph-model',
      modelTopology: { node: [{ name: 'x', op: 'Placeholder' }, { name: 'w', op: 'Const' }, { name: 'y', op: 'MatMul' }] },
      weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'w', shape: [units], dtype: 'float32' }] }],
    }),
  );
  return { json, weights: new Uint8Array(units * 4) };
};

function sourceOf(models: ModelBytes[]): ModelSource & { fetch: ReturnType<typeof vi.fn> } {
  const byHash = new Map(models.map((m) => [modelDigest(m), m]));
  return { fetch: vi.fn(async (sha: string) => byHash.get(sha) ?? null) };
}

const dir = () => mkdtempSync(join(tmpdir(), 'plexai-models-'));

describe('ModelCache', () => {
  test('fetches once, then serves from disk across reopenings', async () => {
    const model = tinyModel(4);
    const sha = modelDigest(model);
    const where = dir();
    const source = sourceOf([model]);
    const cache = await ModelCache.open(where, 1 << 20, [source]);
    expect((await cache.get(sha)).parsed.format).toBe('graph-model');
    await cache.get(sha);
    const reopened = await ModelCache.open(where, 1 << 20, [source]);
    expect(reopened.has(sha)).toBe(true);
    await reopened.get(sha);
    expect(source.fetch).toHaveBeenCalledTimes(1);
  });

  test('concurrent requests for one model fetch and write it once', async () => {
    const model = tinyModel(4);
    const source = sourceOf([model]);
    const cache = await ModelCache.open(dir(), 1 << 20, [source]);
    const all = await Promise.all(Array.from({ length: 5 }, () => cache.get(modelDigest(model))));
    expect(all.every((m) => m.sha256 === modelDigest(model))).toBe(true);
    expect(source.fetch).toHaveBeenCalledTimes(1);
  });

  test('bytes that do not hash to the name are refused and not stored', async () => {
    const good = tinyModel(4);
    const liar: ModelSource = { fetch: async () => tinyModel(8) };
    const cache = await ModelCache.open(dir(), 1 << 20, [liar]);
    await expect(cache.get(modelDigest(good))).rejects.toMatchObject({ code: 'model-hash-mismatch' });
    expect(cache.totalBytes()).toBe(0);
  });

  test('a file damaged on disk is dropped and fetched again', async () => {
    const model = tinyModel(4);
    const sha = modelDigest(model);
    const where = dir();
    const source = sourceOf([model]);
    const cache = await ModelCache.open(where, 1 << 20, [source]);
    await cache.get(sha);
    writeFileSync(join(where, `${sha}.bin`), new Uint8Array(16).fill(1));
    const reopened = await ModelCache.open(where, 1 << 20, [source]);
    expect((await reopened.get(sha)).bytes.weights).toEqual(model.weights);
    expect(source.fetch).toHaveBeenCalledTimes(2);
  });

  test('the cap evicts the least recently used model', async () => {
    const [a, b, c] = [tinyModel(100), tinyModel(101), tinyModel(102)];
    const where = dir();
    const size = a.json.byteLength + a.weights.byteLength;
    const cache = await ModelCache.open(where, size * 2 + 50, [sourceOf([a, b, c])]);
    await cache.get(modelDigest(a));
    await cache.get(modelDigest(b));
    await cache.get(modelDigest(a));
    await cache.get(modelDigest(c));
    expect([modelDigest(a), modelDigest(b), modelDigest(c)].map((s) => cache.has(s))).toEqual([true, false, true]);
    expect(readdirSync(where).length).toBe(4);
    expect(cache.totalBytes()).toBeLessThanOrEqual(size * 2 + 50);
  });

  test('a model with an op off the allowlist is refused', async () => {
    const model = tinyModel(4);
    const json = new TextEncoder().encode(new TextDecoder().decode(model.json).replace('MatMul', 'While'));
    const evil = { json, weights: model.weights };
    const cache = await ModelCache.open(dir(), 1 << 20, [sourceOf([evil])]);
    await expect(cache.get(modelDigest(evil))).rejects.toMatchObject({ code: 'op-not-allowed', message: expect.stringContaining('While') });
  });

  test('an unknown model is unavailable; a failing source says why', async () => {
    const cache = await ModelCache.open(dir(), 1 << 20, [sourceOf([])]);
    await expect(cache.get('b'.repeat(64))).rejects.toMatchObject({ code: 'model-unavailable' });
    const down = await ModelCache.open(dir(), 1 << 20, [{ fetch: async () => Promise.reject(new Error('ECONNREFUSED')) }]);
    await expect(down.get('b'.repeat(64))).rejects.toMatchObject({ code: 'model-unavailable', message: expect.stringContaining('ECONNREFUSED') });
  });

  test('the bundled source serves the shipped models', async () => {
    const [first] = await readBundledIndex();
    const cache = await ModelCache.open(dir(), 8 << 20, [new BundledModelSource()]);
    expect((await cache.get(first!.sha256)).sha256).toBe(first!.sha256);
  });
});
