import { describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readBundledIndex, readBundledModel } from './bundled-models';
import { generateBundledModels } from './generate-models';
import { disallowedOps, parseModel, type ModelBytes } from './model';
import { modelDigest } from './model-digest';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('bundled models', () => {
  test('the committed files match their recorded sha256', async () => {
    const index = await readBundledIndex();
    expect(index.map((m) => m.name)).toEqual(['image-classifier', 'text-embedding']);
    for (const entry of index) {
      const bytes = await readBundledModel(entry.name);
      expect(modelDigest(bytes)).toBe(entry.sha256);
      expect(disallowedOps(parseModel(bytes))).toEqual([]);
    }
  });

  test('the generator reproduces the committed bytes exactly', async () => {
    tf.enableProdMode();
    const generated = await generateBundledModels(tf);
    const index = await readBundledIndex();
    expect(generated.map((g) => g.info)).toEqual(index);
  });

  test('together they stay under 2 MB', async () => {
    let total = 0;
    for (const entry of await readBundledIndex()) {
      const bytes = await readBundledModel(entry.name);
      total += bytes.json.byteLength + bytes.weights.byteLength;
    }
    expect(total).toBeLessThan(2 * 2 ** 20);
  });
});

describe('modelDigest', () => {
  test('moving bytes between the json and the weights changes the digest', () => {
    const a: ModelBytes = { json: new Uint8Array([1, 2, 3]), weights: new Uint8Array([4]) };
    const b: ModelBytes = { json: new Uint8Array([1, 2]), weights: new Uint8Array([3, 4]) };
    expect(modelDigest(a)).not.toBe(modelDigest(b));
  });
});

describe('parseModel and the allowlist', () => {
  const weights = new Uint8Array(8);
  const manifest = [{ paths: ['w.bin'], weights: [{ name: 'w', shape: [2], dtype: 'float32' }] }];

  test('a graph model with a loop op is refused by name', () => {
    const json = encode({
      format: 'graph-model',
      modelTopology: { node: [{ name: 'x', op: 'Placeholder' }, { name: 'loop', op: 'While' }, { name: 'm', op: 'MatMul' }] },
      weightsManifest: manifest,
    });
    expect(disallowedOps(parseModel({ json, weights }))).toEqual(['While']);
  });

  test('a graph model with a function library is refused', () => {
    const json = encode({
      format: 'graph-model',
      modelTopology: { node: [{ name: 'x', op: 'Placeholder' }], library: { function: [{}] } },
      weightsManifest: manifest,
    });
    expect(disallowedOps(parseModel({ json, weights }))).toEqual(['FunctionLibrary']);
  });

  test('a layers model with a custom layer or an unknown activation is refused', () => {
    const json = encode({
      format: 'layers-model',
      modelTopology: {
        class_name: 'Sequential',
        config: { layers: [{ class_name: 'Dense', config: { activation: 'mystery' } }, { class_name: 'Lambda', config: {} }] },
      },
      weightsManifest: manifest,
    });
    expect(disallowedOps(parseModel({ json, weights }))).toEqual(['Lambda', 'activation:mystery']);
  });

  test.for([
    ['not JSON', new TextEncoder().encode('{'), weights, /not JSON/],
    ['not a model', encode({ hello: 1 }), weights, /not a TF.js model/],
    ['weights short of the manifest', encode({ format: 'graph-model', modelTopology: { node: [] }, weightsManifest: manifest }), new Uint8Array(4), /4 bytes but the manifest describes 8/],
  ] as const)('%s is a format error', ([, json, w, message]) => {
    expect(() => parseModel({ json, weights: w })).toThrow(message);
  });
});
