import { expect, test } from 'vitest';
import type { BackendName, BenchmarkResult } from '../../common/api';
import { gpuBackendOrder } from './backend-ranking';

const measured = (backend: BackendName, matmulGflops: number): BenchmarkResult => ({
  backend: { backend, skipped: [] },
  matmulGflops,
  models: [],
  measuredAt: '2026-11-25T06:00:00.000Z',
});

test.each([
  ['no benchmark yet: the configured order', [], ['tensorflow-gpu', 'webgpu']],
  ['CUDA measured fastest leads', [measured('webgpu', 900), measured('tensorflow-gpu', 4200)], ['tensorflow-gpu', 'webgpu']],
  ['an AMD card: CUDA did not load, WebGPU measured, WebGPU leads', [measured('webgpu', 900), measured('wasm', 25)], ['webgpu', 'tensorflow-gpu']],
  ['CPU backends measured for CPU mode never join a GPU worker', [measured('wasm', 25)], ['tensorflow-gpu', 'webgpu']],
] as const)('%s', (_, results, order) => {
  expect(gpuBackendOrder(['tensorflow-gpu', 'webgpu'], results)).toEqual(order);
});
