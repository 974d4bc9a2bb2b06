import type { BackendName } from '../../common/api';
import type { Assignment, Backend, RefusalReason, Tensor } from '../../common/protocol';
import type { TensorData } from '../compute/executor';
import { TaskFailure, type TaskFailureCode } from '../tasks/failure';
import type { DecodedTask } from '../tasks/task';

/** The protocol writes digests 0x-prefixed; the model cache names them bare. */
export const cacheDigest = (sha256: string) => sha256.replace(/^0x/, '').toLowerCase();

/** Turns a lease into the engine's task, refusing values float32 cannot hold. */
export function taskOfAssignment(assignment: Assignment): DecodedTask {
  const { input } = assignment;
  const data = input.dtype === 'float32' ? Float32Array.from(input.data) : Int32Array.from(input.data);
  if (data instanceof Float32Array) {
    const bad = data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new TaskFailure('non-finite-input', `input element ${bad} is ${nonFinite(input.data[bad]!)}: a task computes on finite float32 values only`);
  }
  // The model's batch dimension comes first; a lease carries one tensor for one model call.
  return { id: assignment.taskId, model: cacheDigest(assignment.model.sha256), modelName: assignment.model.id, inputs: [{ dtype: input.dtype, shape: input.shape, data }] };
}

/** Names what a non-finite float32 came from: NaN itself, or a number beyond float32's range. */
function nonFinite(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  return Number.isFinite(value) ? `${value}, beyond float32's range` : String(value);
}

export function tensorOf(output: TensorData): Tensor {
  return { dtype: output.dtype, shape: output.shape, data: Array.from(output.data) };
}

export const protocolBackend: Record<BackendName, Backend> = {
  'tensorflow-gpu': 'cuda',
  tensorflow: 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
  webgpu: 'webgpu',
};

/** Our failure codes in the coordinator's coarser vocabulary. */
export const refusalReason: Record<TaskFailureCode, RefusalReason> = {
  'malformed-task': 'bad-input',
  'model-unavailable': 'internal',
  'model-hash-mismatch': 'model-hash-mismatch',
  'model-invalid': 'bad-input',
  'op-not-allowed': 'op-not-allowed',
  'shape-mismatch': 'bad-input',
  'dtype-mismatch': 'bad-input',
  'over-memory-budget': 'too-large',
  'non-finite-input': 'bad-input',
  'worker-crashed': 'worker-crashed',
  'run-failed': 'internal',
  cancelled: 'internal',
};
