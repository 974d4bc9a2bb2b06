import { z } from 'zod';

/** Why a task was refused or failed, as a stable code the coordinator can count. */
export const TaskFailureCodeSchema = z.enum([
  'malformed-task',
  'model-unavailable',
  'model-hash-mismatch',
  'model-invalid',
  'op-not-allowed',
  'shape-mismatch',
  'dtype-mismatch',
  'over-memory-budget',
  'non-finite-input',
  'worker-crashed',
  'run-failed',
  'cancelled',
]);
export type TaskFailureCode = z.infer<typeof TaskFailureCodeSchema>;

export class TaskFailure extends Error {
  override readonly name = 'TaskFailure';
  constructor(
    readonly code: TaskFailureCode,
    message: string,
  ) {
    super(message);
  }
}
