import { describe, expect, test } from 'vitest';
import type { BenchmarkResult } from '../../common/api';
import type { TensorData } from '../compute/executor';
import { concatBatches, splitBatch, tunedBatchSize } from './batches';

const tensor = (batch: number, width: number, offset = 0): TensorData => ({
  dtype: 'float32',
  shape: [batch, width],
  data: Float32Array.from({ length: batch * width }, (_, i) => i + offset),
});

describe('splitting a task into tuned batches', () => {
  test('a task no bigger than a batch runs whole, its buffers untouched', () => {
    const input = tensor(4, 3);
    const [only, ...rest] = splitBatch([input], 4);
    expect(rest).toEqual([]);
    expect(only![0]!.data).toBe(input.data);
  });

  test('a bigger one is cut along the batch dimension, the last chunk shorter, every input alike', () => {
    const chunks = splitBatch([tensor(5, 3), { dtype: 'int32', shape: [5, 2, 1], data: Int32Array.from({ length: 10 }, (_, i) => i) }], 2);
    expect(chunks.map((c) => c.map((t) => t.shape))).toEqual([
      [[2, 3], [2, 2, 1]],
      [[2, 3], [2, 2, 1]],
      [[1, 3], [1, 2, 1]],
    ]);
    expect([...chunks[1]![0]!.data]).toEqual([6, 7, 8, 9, 10, 11]);
    expect([...chunks[2]![1]!.data]).toEqual([8, 9]);
  });

  test('joining the chunks gives back the whole, element for element', () => {
    const whole = tensor(7, 3);
    expect(concatBatches(splitBatch([whole], 3))).toEqual([whole]);
  });
});

describe('the tuned batch size', () => {
  const results = [
    { backend: { backend: 'wasm' }, models: [{ model: 'text-embedding', batchSize: 256, batchMs: 90, samplesPerSecond: 2800 }] },
    { backend: { backend: 'cpu' }, models: [{ model: 'text-embedding', batchSize: 16, batchMs: 95, samplesPerSecond: 170 }] },
  ] as unknown as BenchmarkResult[];

  test.for([
    ['the measured backend and model', 'text-embedding', 'wasm', 256],
    ['another backend has its own', 'text-embedding', 'cpu', 16],
    ['a backend not measured', 'text-embedding', 'tensorflow', null],
    ['a model the benchmark does not run', 'someone-elses-model', 'wasm', null],
    ['a task with no model name', undefined, 'wasm', null],
  ] as const)('%s', ([, model, backend, size]) => {
    expect(tunedBatchSize(results, model, backend)).toBe(size);
  });
});
