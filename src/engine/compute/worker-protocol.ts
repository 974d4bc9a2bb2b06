import type { BackendChoice, BackendName } from '../../common/api';
import type { TaskFailureCode } from '../tasks/failure';
import type { ModelBytes } from '../tasks/model';
import type { TensorData } from './executor';

/** What a compute worker is started with. */
export interface WorkerSetup {
  backendOrder: BackendName[];
  maxModels: number;
  memoryBudgetBytes: number;
  /** Lower the worker thread's OS priority (nice 19 on Linux) so the owner's apps come first. */
  lowPriority: boolean;
}

export type ToWorker =
  | { type: 'run'; jobId: number; sha256: string; model?: ModelBytes; inputs: TensorData[] }
  | { type: 'matmul'; jobId: number; size: number; minMs: number };

export type FromWorker =
  | { type: 'ready'; choice: BackendChoice; notes: string[] }
  | { type: 'init-failed'; reason: string }
  | { type: 'done'; jobId: number; outputs: TensorData[]; runMs: number; leakedTensors: number }
  | { type: 'gflops'; jobId: number; gflops: number }
  | { type: 'failed'; jobId: number; code: TaskFailureCode; message: string };
