import type { TensorData } from '../compute/executor';

/** A task as the pool runs it: which model (bare hex digest) and its input tensors. */
export interface DecodedTask {
  id: string;
  model: string;
  /** What the network calls the model ("image-classifier"), for the owner to read. */
  modelName?: string;
  inputs: TensorData[];
}
