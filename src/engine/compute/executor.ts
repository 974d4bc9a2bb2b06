import type * as TfModule from '@tensorflow/tfjs';
import { TaskFailure } from '../tasks/failure';
import { parseModel, type ModelBytes } from '../tasks/model';
import type { Tf } from './backend';

export interface TensorData {
  dtype: 'float32' | 'int32';
  shape: number[];
  data: Float32Array | Int32Array;
}

export interface RunResult {
  outputs: TensorData[];
  /** Wall time of inference alone, model loading excluded. */
  runMs: number;
  /** Tensors the run left alive: zero unless a model or backend leaks. */
  leakedTensors: number;
}

type Loaded = { kind: 'layers'; model: TfModule.LayersModel } | { kind: 'graph'; model: TfModule.GraphModel };

export interface ExecutorOptions {
  /** Models kept loaded; the least recently used beyond this are disposed. */
  maxModels: number;
  /** Inputs plus estimated activations of one run may not exceed this. */
  memoryBudgetBytes: number;
}

/** Graph models do not expose layer shapes; their activations are assumed this many times the input. */
const GRAPH_ACTIVATION_FACTOR = 16;

const product = (dims: readonly (number | null)[]) => dims.reduce<number>((a, b) => a * (b ?? 1), 1);

/**
 * Runs tasks on one TF.js backend inside a worker. Every check that needs the loaded model (input
 * shapes, dtypes, the memory estimate) happens here, before any tensor is made.
 */
export class Executor {
  private readonly models = new Map<string, Loaded>();

  constructor(
    private readonly tf: Tf,
    private readonly options: ExecutorOptions,
  ) {}

  has(sha256: string): boolean {
    return this.models.has(sha256);
  }

  /** Loads verified model bytes (the caller checked the digest and the allowlist). */
  async load(sha256: string, bytes: ModelBytes): Promise<void> {
    if (this.models.has(sha256)) return;
    const parsed = parseModel(bytes);
    const weights = bytes.weights.buffer.slice(bytes.weights.byteOffset, bytes.weights.byteOffset + bytes.weights.byteLength) as ArrayBuffer;
    const handler = this.tf.io.fromMemory({ modelTopology: parsed.modelTopology, weightSpecs: parsed.weightSpecs, weightData: weights });
    let loaded: Loaded;
    try {
      loaded =
        parsed.format === 'layers-model'
          ? { kind: 'layers', model: await this.tf.loadLayersModel(handler) }
          : { kind: 'graph', model: await this.tf.loadGraphModel(handler) };
    } catch (error) {
      throw new TaskFailure('model-invalid', `TF.js could not load the model: ${(error as Error).message}`);
    }
    this.models.set(sha256, loaded);
    while (this.models.size > this.options.maxModels) {
      const [oldest, evicted] = this.models.entries().next().value!;
      this.models.delete(oldest);
      evicted.model.dispose();
    }
  }

  async run(sha256: string, inputs: TensorData[]): Promise<RunResult> {
    const loaded = this.models.get(sha256);
    if (!loaded) throw new TaskFailure('model-unavailable', `model ${sha256} is not loaded in this worker`);
    this.models.delete(sha256);
    this.models.set(sha256, loaded);
    this.check(loaded, inputs);

    const tf = this.tf;
    const tensorsBefore = this.numTensors();
    const started = performance.now();
    const produced = tf.tidy(() => {
      const tensors = inputs.map((input) => tf.tensor(input.data, input.shape, input.dtype));
      const feed = tensors.length === 1 ? tensors[0]! : tensors;
      const out = loaded.kind === 'layers' ? loaded.model.predict(feed) : loaded.model.execute(feed);
      return Array.isArray(out) ? out : [out];
    });
    let outputs: TensorData[];
    try {
      outputs = await Promise.all(
        produced.map(async (t) => {
          const dtype = t.dtype === 'int32' ? 'int32' : 'float32';
          const data = dtype === 'int32' ? new Int32Array(await t.data()) : new Float32Array(await t.data());
          return { dtype, shape: [...t.shape], data } as TensorData;
        }),
      );
    } finally {
      produced.forEach((t) => t.dispose());
    }
    const runMs = performance.now() - started;
    return { outputs, runMs, leakedTensors: this.numTensors() - tensorsBefore };
  }

  /** Live tensors now: model weights only, once a run's tensors are disposed. */
  numTensors(): number {
    return this.tf.memory().numTensors;
  }

  private check(loaded: Loaded, inputs: TensorData[]): void {
    const specs = loaded.model.inputs.map((i) => ({ shape: i.shape as (number | null)[], dtype: i.dtype }));
    if (specs.length !== inputs.length) throw new TaskFailure('shape-mismatch', `the model takes ${specs.length} input(s), the task gave ${inputs.length}`);
    const batch = inputs[0]!.shape[0];
    inputs.forEach((input, index) => {
      const spec = specs[index]!;
      const want = spec.dtype === 'int32' ? 'int32' : 'float32';
      if (input.dtype !== want) throw new TaskFailure('dtype-mismatch', `input ${index} is ${input.dtype}, the model wants ${want}`);
      const fits = input.shape.length === spec.shape.length && spec.shape.every((dim, d) => dim === null || dim === -1 || dim === input.shape[d]);
      if (!fits) {
        throw new TaskFailure('shape-mismatch', `input ${index} has shape [${input.shape}], the model wants [${spec.shape.map((d) => d ?? 'batch')}]`);
      }
      if (input.shape[0] !== batch) throw new TaskFailure('shape-mismatch', 'inputs disagree on the batch size');
    });
    const inputBytes = inputs.reduce((n, i) => n + i.data.byteLength, 0);
    const activationBytes =
      loaded.kind === 'layers'
        ? loaded.model.layers.reduce((n, layer) => {
            const shapes = (Array.isArray(layer.outputShape[0]) ? layer.outputShape : [layer.outputShape]) as (number | null)[][];
            return n + shapes.reduce((m, shape) => m + product(shape.slice(1)) * (batch ?? 1) * 4, 0);
          }, 0)
        : inputBytes * GRAPH_ACTIVATION_FACTOR;
    const total = inputBytes + activationBytes;
    if (total > this.options.memoryBudgetBytes) {
      throw new TaskFailure('over-memory-budget', `the run needs about ${mib(total)} MiB, over the ${mib(this.options.memoryBudgetBytes)} MiB budget`);
    }
  }

  /** Square matmuls of `size`, timed after a warm-up; the figure the benchmark reports. */
  async matmulGflops(size: number, minMs: number): Promise<number> {
    const tf = this.tf;
    const a = tf.randomUniform([size, size]);
    const b = tf.randomUniform([size, size]);
    try {
      const once = async () => {
        const c = tf.matMul(a, b);
        await c.data();
        c.dispose();
      };
      await once();
      let runs = 0;
      const started = performance.now();
      while (performance.now() - started < minMs || runs < 2) {
        await once();
        runs++;
      }
      const seconds = (performance.now() - started) / 1000;
      return (2 * size ** 3 * runs) / seconds / 1e9;
    } finally {
      a.dispose();
      b.dispose();
    }
  }

  dispose(): void {
    for (const loaded of this.models.values()) loaded.model.dispose();
    this.models.clear();
  }
}

const mib = (bytes: number) => Math.ceil(bytes / 2 ** 20);
