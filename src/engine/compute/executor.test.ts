import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readBundledIndex, readBundledModel } from '../tasks/bundled-models';
import { NODE_BACKEND_ORDER, loadBackend, type Importer, type Tf } from './backend';
import { Executor, type TensorData } from './executor';

let tf: Tf;
let executor: Executor;
const models = await readBundledIndex();
const [cnn, mlp] = [models[0]!, models[1]!];

const zeros = (shape: number[]): TensorData => ({ dtype: 'float32', shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(0.5) });

beforeAll(async () => {
  ({ tf } = await loadBackend(['wasm', 'cpu']));
  executor = new Executor(tf, { maxModels: 1, memoryBudgetBytes: 64 * 2 ** 20 });
  await executor.load(mlp.sha256, await readBundledModel(mlp.name));
});
afterAll(() => executor.dispose());

describe('Executor on a bundled model', () => {
  test('runs a batch and returns one output per sample', async () => {
    const result = await executor.run(mlp.sha256, [zeros([3, 128])]);
    expect(result.outputs[0]!.shape).toEqual([3, 64]);
    expect(result.outputs[0]!.data.every((v) => Number.isFinite(v) && Math.abs(v) <= 1)).toBe(true);
  });

  test('leaves no tensors behind across runs', async () => {
    const before = executor.numTensors();
    for (let i = 0; i < 5; i++) expect((await executor.run(mlp.sha256, [zeros([2, 128])])).leakedTensors).toBe(0);
    expect(executor.numTensors()).toBe(before);
  });

  test.for([
    ['a wrong rank', [zeros([128])], 'shape-mismatch'],
    ['a wrong feature size', [zeros([1, 127])], 'shape-mismatch'],
    ['two inputs for a one-input model', [zeros([1, 128]), zeros([1, 128])], 'shape-mismatch'],
    ['int32 where float32 is wanted', [{ dtype: 'int32', shape: [1, 128], data: new Int32Array(128) }], 'dtype-mismatch'],
    ['a batch whose activations exceed the budget', [zeros([40_000, 128])], 'over-memory-budget'],
  ] as const)('%s is refused and the next task still runs', async ([, inputs, code]) => {
    await expect(executor.run(mlp.sha256, inputs as unknown as TensorData[])).rejects.toMatchObject({ code });
    expect((await executor.run(mlp.sha256, [zeros([1, 128])])).outputs).toHaveLength(1);
  });

  test('loading a second model past maxModels disposes the first', async () => {
    const before = executor.numTensors();
    await executor.load(cnn.sha256, await readBundledModel(cnn.name));
    expect(executor.has(mlp.sha256)).toBe(false);
    await expect(executor.run(mlp.sha256, [zeros([1, 128])])).rejects.toMatchObject({ code: 'model-unavailable' });
    expect((await executor.run(cnn.sha256, [zeros([1, 32, 32, 3])])).outputs[0]!.shape).toEqual([1, 10]);
    await executor.load(mlp.sha256, await readBundledModel(mlp.name));
    expect(executor.numTensors()).toBe(before);
  });

  test('a model TF.js cannot build is model-invalid', async () => {
    const json = new TextEncoder().encode(
      JSON.stringify({ format: 'layers-model', modelTopology: { class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: {} }] } }, weightsManifest: [] }),
    );
    await expect(executor.load('c'.repeat(64), { json, weights: new Uint8Array(0) })).rejects.toMatchObject({ code: 'model-invalid' });
  });
});

describe('loadBackend', () => {
  const failing = (failures: Record<string, string>): Importer => async (specifier) => {
    if (failures[specifier]) throw new Error(failures[specifier]);
    return import(specifier);
  };

  test('skips native backends that cannot load, with their reasons, and takes wasm', async () => {
    const { choice } = await loadBackend(
      NODE_BACKEND_ORDER,
      failing({ '@tensorflow/tfjs-node-gpu': 'tfjs_binding.node can not be found\nmore', '@tensorflow/tfjs-node': "Cannot find package '@tensorflow/tfjs-node'" }),
    );
    expect(choice).toEqual({
      backend: 'wasm',
      skipped: [
        { backend: 'tensorflow-gpu', reason: 'tfjs_binding.node can not be found' },
        { backend: 'tensorflow', reason: "Cannot find package '@tensorflow/tfjs-node'" },
      ],
    });
  });

  test('falls back to cpu when WebAssembly fails too', async () => {
    const { choice } = await loadBackend(['wasm', 'cpu'], failing({ '@tensorflow/tfjs-backend-wasm': 'no WebAssembly' }));
    expect(choice).toEqual({ backend: 'cpu', skipped: [{ backend: 'wasm', reason: 'no WebAssembly' }] });
  });

  test('in this environment, with real imports, every skipped backend has a reason', async () => {
    const { choice } = await loadBackend();
    const position = NODE_BACKEND_ORDER.indexOf(choice.backend);
    expect(choice.skipped.map((s) => s.backend)).toEqual(NODE_BACKEND_ORDER.slice(0, position));
    expect(choice.skipped.every((s) => s.reason.length > 0)).toBe(true);
  });
});
