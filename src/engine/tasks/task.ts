import type { TensorData } from '../compute/executor';

/** A task as the pool runs it: which model (bare hex digest) and its input tensors. */
export interface DecodedTask {
  id: string;
  model: string;
  inputs: TensorData[];
}
