import type { BackendName, BenchmarkResult } from '../../common/api';
import type { TensorData } from '../compute/executor';

/**
 * A leased task may hold many samples; the pool runs it as batches no bigger than the benchmark
 * tuned for the model and backend (one batch ≈ 100 ms of device time), so that a pause, which
 * stops new batches only, takes effect within one batch however big the task.
 */

/** The tuned batch size of `model` (its bundled name) on `backend`; null when it was not measured. */
export function tunedBatchSize(results: readonly BenchmarkResult[], model: string | undefined, backend: BackendName): number | null {
  if (model === undefined) return null;
  return results.find((r) => r.backend.backend === backend)?.models.find((m) => m.model === model)?.batchSize ?? null;
}

/** Cuts every input along its first (batch) dimension into chunks of at most `size` samples, in order. */
export function splitBatch(inputs: readonly TensorData[], size: number): TensorData[][] {
  const samples = inputs[0]?.shape[0] ?? 0;
  if (samples <= size) return [[...inputs]];
  const chunks: TensorData[][] = [];
  for (let start = 0; start < samples; start += size) {
    const end = Math.min(samples, start + size);
    chunks.push(
      inputs.map((input) => {
        const perSample = input.data.length / input.shape[0]!;
        // slice, not subarray: each chunk's buffer is moved to the worker on its own.
        return { dtype: input.dtype, shape: [end - start, ...input.shape.slice(1)], data: input.data.slice(start * perSample, end * perSample) };
      }),
    );
  }
  return chunks;
}

/** Joins the chunks' outputs back along the batch dimension: output i of the whole from output i of each chunk. */
export function concatBatches(parts: readonly TensorData[][]): TensorData[] {
  if (parts.length === 1) return parts[0]!;
  return parts[0]!.map((first, index) => {
    const pieces = parts.map((outputs) => outputs[index]!);
    const data = first.dtype === 'int32' ? new Int32Array(pieces.reduce((n, p) => n + p.data.length, 0)) : new Float32Array(pieces.reduce((n, p) => n + p.data.length, 0));
    let offset = 0;
    for (const piece of pieces) {
      data.set(piece.data, offset);
      offset += piece.data.length;
    }
    return { dtype: first.dtype, shape: [pieces.reduce((n, p) => n + p.shape[0]!, 0), ...first.shape.slice(1)], data };
  });
}
