import { describe, expect, test } from 'vitest';
import { batchSizeFor, fitBatchCost, restToHoldDuty } from './duty';

describe('restToHoldDuty', () => {
  test.for([
    [100, 100, 100, 0],
    [100, 100, 50, 100],
    [30, 30, 25, 90],
    [10, 10, 0, 990],
    // A late timer already stretched the cycle: rest only what is still owed.
    [200, 350, 40, 150],
    // Far behind (a long stall): no rest, never a negative one.
    [200, 900, 40, 0],
  ] as const)('%i ms busy in %i ms elapsed at %i %% rests %i ms', ([busy, elapsed, duty, rest]) => {
    expect(restToHoldDuty(busy, elapsed, duty)).toBeCloseTo(rest);
  });
});

describe('batch sizing', () => {
  test('fits fixed and per-sample cost through noise', () => {
    const cost = fitBatchCost([
      { batch: 1, ms: 2.1 },
      { batch: 4, ms: 4 },
      { batch: 16, ms: 10.2 },
      { batch: 64, ms: 33.8 },
    ]);
    expect(cost.msPerSample).toBeCloseTo(0.5, 1);
    expect(cost.fixedMs).toBeCloseTo(1.8, 0);
  });

  test('one point gives a proportional cost', () => {
    expect(fitBatchCost([{ batch: 8, ms: 16 }])).toEqual({ fixedMs: 0, msPerSample: 2 });
  });

  test.for([
    [0.5, 2, 100, 1024, 196],
    [200, 0, 100, 1024, 1],
    [0.001, 0, 100, 1024, 1024],
    [0, 0, 100, 64, 64],
  ] as const)('%f ms/sample + %f ms within %i ms, cap %i → %i', ([perSample, fixed, target, cap, expected]) => {
    expect(batchSizeFor(perSample, fixed, target, cap)).toBe(expected);
  });
});
