import type { BackendName, BenchmarkResult } from '../../common/api';

/**
 * The order a GPU worker tries its backends in: those the benchmark measured, fastest first (by
 * matmul GFLOP/s), then the rest in the configured order. So on an NVIDIA card with CUDA TF.js
 * the native backend leads, and on an AMD or Apple GPU in the desktop app WebGPU does.
 */
export function gpuBackendOrder(configured: readonly BackendName[], results: readonly BenchmarkResult[]): BackendName[] {
  const speed = new Map(results.map((r) => [r.backend.backend, r.matmulGflops]));
  const measured = configured.filter((b) => speed.has(b)).sort((a, b) => speed.get(b)! - speed.get(a)!);
  return [...measured, ...configured.filter((b) => !speed.has(b))];
}
