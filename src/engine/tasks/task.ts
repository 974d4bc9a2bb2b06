import { z } from 'zod';
import type { TensorData } from '../compute/executor';
import { TaskFailure } from './failure';
import { Sha256Schema } from './model';

/**
 * A task as the engine receives it: which model (by digest) and the input tensors, each as the
 * base64 of its little-endian element bytes. Never code.
 */
export const TaskInputSchema = z.object({
  dtype: z.string().max(16),
  shape: z.array(z.number().int().min(0)).min(1).max(6),
  data: z.string(),
});
export const TaskSpecSchema = z.object({
  id: z.string().min(1).max(128),
  model: Sha256Schema,
  inputs: z.array(TaskInputSchema).min(1).max(8),
});
export type TaskSpec = z.infer<typeof TaskSpecSchema>;

export interface DecodedTask {
  id: string;
  model: string;
  inputs: TensorData[];
}

/** Input bytes a single task may carry; the executor checks activations against its own budget. */
export const MAX_TASK_INPUT_BYTES = 64 * 2 ** 20;

/** Parses a task from outside; every refusal names its reason. */
export function decodeTask(raw: unknown, maxInputBytes = MAX_TASK_INPUT_BYTES): DecodedTask {
  const parsed = TaskSpecSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TaskFailure('malformed-task', `task ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const task = parsed.data;
  let total = 0;
  const inputs = task.inputs.map((input, index): TensorData => {
    if (input.dtype !== 'float32' && input.dtype !== 'int32') {
      throw new TaskFailure('dtype-mismatch', `input ${index} has dtype ${input.dtype}; only float32 and int32 are accepted`);
    }
    const elements = input.shape.reduce((a, b) => a * b, 1);
    total += elements * 4;
    if (total > maxInputBytes) {
      throw new TaskFailure('over-memory-budget', `inputs exceed ${maxInputBytes / 2 ** 20} MiB`);
    }
    const bytes = Buffer.from(input.data, 'base64');
    if (bytes.byteLength !== elements * 4) {
      throw new TaskFailure('shape-mismatch', `input ${index} carries ${bytes.byteLength} bytes; shape [${input.shape}] needs ${elements * 4}`);
    }
    // Copy into an aligned buffer of its own: a typed array over Buffer's pool may be misaligned.
    const aligned = new ArrayBuffer(bytes.byteLength);
    new Uint8Array(aligned).set(bytes);
    const data = input.dtype === 'float32' ? new Float32Array(aligned) : new Int32Array(aligned);
    if (data instanceof Float32Array) {
      for (let i = 0; i < data.length; i++) {
        if (!Number.isFinite(data[i]!)) throw new TaskFailure('non-finite-input', `input ${index} holds ${data[i]} at element ${i}`);
      }
    }
    return { dtype: input.dtype, shape: input.shape, data };
  });
  return { id: task.id, model: task.model, inputs };
}

/** The inverse of decodeTask's tensor format, for whoever builds tasks (the devnet, tests, bench). */
export function encodeTensor(tensor: TensorData): z.infer<typeof TaskInputSchema> {
  const bytes = Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  return { dtype: tensor.dtype, shape: tensor.shape, data: bytes.toString('base64') };
}
