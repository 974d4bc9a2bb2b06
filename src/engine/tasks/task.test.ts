import { describe, expect, test } from 'vitest';
import { decodeTask, encodeTensor } from './task';

const model = 'a'.repeat(64);
const floats = (...values: number[]) => encodeTensor({ dtype: 'float32', shape: [values.length], data: new Float32Array(values) });

describe('decodeTask', () => {
  test('round-trips float32 and int32 tensors', () => {
    const task = decodeTask({
      id: 't1',
      model,
      inputs: [floats(1.5, -2), encodeTensor({ dtype: 'int32', shape: [1, 2], data: new Int32Array([7, 8]) })],
    });
    expect(task.inputs[0]!.data).toEqual(new Float32Array([1.5, -2]));
    expect(task.inputs[1]).toEqual({ dtype: 'int32', shape: [1, 2], data: new Int32Array([7, 8]) });
  });

  test.for([
    ['not an object', 'rm -rf /', 'malformed-task'],
    ['a model that is not a digest', { id: 't', model: 'x', inputs: [floats(1)] }, 'malformed-task'],
    ['no inputs', { id: 't', model, inputs: [] }, 'malformed-task'],
    ['a float64 input', { id: 't', model, inputs: [{ ...floats(1), dtype: 'float64' }] }, 'dtype-mismatch'],
    ['bytes short of the shape', { id: 't', model, inputs: [{ ...floats(1, 2), shape: [3] }] }, 'shape-mismatch'],
    ['a NaN', { id: 't', model, inputs: [floats(1, Number.NaN)] }, 'non-finite-input'],
    ['an infinity', { id: 't', model, inputs: [floats(Number.POSITIVE_INFINITY)] }, 'non-finite-input'],
    ['a shape beyond the budget', { id: 't', model, inputs: [{ ...floats(1), shape: [1 << 20, 1 << 10] }] }, 'over-memory-budget'],
  ] as const)('%s is refused with its code', ([, raw, code]) => {
    expect(() => decodeTask(raw)).toThrow(expect.objectContaining({ code }));
  });
});
