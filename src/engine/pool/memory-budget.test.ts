import { describe, expect, test } from 'vitest';
import { memoryBudgetBytes, type BudgetDevice } from './memory-budget';

const MiB = 2 ** 20;
const GiB = 2 ** 30;

describe('a worker’s memory budget follows its device', () => {
  test.for<[string, BudgetDevice, number]>([
    ['an 8 GB GPU: half its VRAM', { kind: 'gpu', vramMB: 8192 }, 4 * GiB],
    ['a 24 GB GPU: half its VRAM', { kind: 'gpu', vramMB: 24576 }, 12 * GiB],
    ['an 80 GB data-centre GPU: capped', { kind: 'gpu', vramMB: 81920 }, 16 * GiB],
    ['a GPU reporting 256 MB: the floor', { kind: 'gpu', vramMB: 256 }, 256 * MiB],
    ['a GPU whose VRAM is unknown: a modest default', { kind: 'gpu', vramMB: null }, 512 * MiB],
    ['CPU mode, 16 GB and one worker: a quarter of memory', { kind: 'cpu', systemMemoryMB: 16384, cpuWorkers: 1 }, 4 * GiB],
    ['CPU mode, 16 GB and seven workers: the quarter shared', { kind: 'cpu', systemMemoryMB: 16384, cpuWorkers: 7 }, Math.floor((4 * GiB) / 7)],
    ['CPU mode, 128 GB and one worker: what one worker can address', { kind: 'cpu', systemMemoryMB: 131072, cpuWorkers: 1 }, 4 * GiB],
    ['CPU mode, 2 GB and three workers: the floor', { kind: 'cpu', systemMemoryMB: 2048, cpuWorkers: 3 }, 256 * MiB],
  ])('%s', ([, device, bytes]) => {
    expect(memoryBudgetBytes(device)).toBe(bytes);
  });
});
