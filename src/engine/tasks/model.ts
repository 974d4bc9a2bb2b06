import { z } from 'zod';

/**
 * A model as the network moves it: TF.js's model.json (graph or layers format) plus its weights,
 * all shards concatenated in manifest order. Its identity is
 * sha256(u64be(json byte length) ‖ json ‖ weights): the length prefix keeps the boundary between
 * the two parts from being shifted without changing the digest.
 */
export interface ModelBytes {
  json: Uint8Array;
  weights: Uint8Array;
}

/**
 * A model as one file, for download: exactly the bytes the digest covers, so that sha256 of the
 * file is the model's identity and a server can verify what it serves with any sha256 tool.
 */
export function encodeModelArtifact(model: ModelBytes): Uint8Array {
  const out = new Uint8Array(8 + model.json.byteLength + model.weights.byteLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(model.json.byteLength));
  out.set(model.json, 8);
  out.set(model.weights, 8 + model.json.byteLength);
  return out;
}

export function decodeModelArtifact(file: Uint8Array): ModelBytes {
  if (file.byteLength < 8) throw new ModelFormatError('model file is shorter than its header');
  const jsonLength = new DataView(file.buffer, file.byteOffset, 8).getBigUint64(0);
  if (jsonLength > BigInt(file.byteLength - 8)) throw new ModelFormatError('model file header claims more bytes than it has');
  const split = 8 + Number(jsonLength);
  return { json: file.slice(8, split), weights: file.slice(split) };
}

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex sha256');

const WeightSpecSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().min(0)),
  dtype: z.enum(['float32', 'int32', 'bool']),
});
export type WeightSpec = z.infer<typeof WeightSpecSchema>;

const GraphNodeSchema = z.object({ name: z.string(), op: z.string() }).loose();

/** The parts of model.json we read; the rest is handed to TF.js untouched. */
const ModelJsonSchema = z.object({
  format: z.enum(['layers-model', 'graph-model']),
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: z.array(z.object({ paths: z.array(z.string()), weights: z.array(WeightSpecSchema) })),
});

export interface ParsedModel {
  format: 'layers-model' | 'graph-model';
  modelTopology: Record<string, unknown>;
  weightSpecs: WeightSpec[];
  /** Layer class names (layers models) or op names (graph models), each once. */
  ops: string[];
}

const bytesPerElement = { float32: 4, int32: 4, bool: 1 } as const;

export class ModelFormatError extends Error {}

function collectLayerClasses(topology: Record<string, unknown>): string[] {
  const found = new Set<string>();
  // Keras topologies nest layer lists (and activations) in `config`; walk it all.
  const visit = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (typeof record.class_name === 'string') found.add(record.class_name);
    if (typeof record.activation === 'string') found.add(`activation:${record.activation}`);
    Object.values(record).forEach(visit);
  };
  visit(topology.config ?? topology.model_config ?? topology);
  return [...found];
}

function collectGraphOps(topology: Record<string, unknown>): string[] {
  const nodes = z.array(GraphNodeSchema).safeParse(topology.node);
  if (!nodes.success) throw new ModelFormatError('graph model has no readable node list');
  const library = topology.library as { function?: unknown[] } | undefined;
  // Functions (tf.while bodies, custom ops) are control flow: refuse them outright.
  if (library?.function?.length) return [...new Set([...nodes.data.map((n) => n.op), 'FunctionLibrary'])];
  return [...new Set(nodes.data.map((n) => n.op))];
}

/** Reads model.json and checks that the weights file has exactly the bytes the manifest needs. */
export function parseModel(model: ModelBytes): ParsedModel {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(model.json));
  } catch {
    throw new ModelFormatError('model.json is not JSON');
  }
  const parsed = ModelJsonSchema.safeParse(raw);
  if (!parsed.success) throw new ModelFormatError(`model.json is not a TF.js model: ${parsed.error.issues[0]?.message ?? 'bad shape'}`);
  const { format, modelTopology, weightsManifest } = parsed.data;
  const weightSpecs = weightsManifest.flatMap((group) => group.weights);
  const expected = weightSpecs.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1) * bytesPerElement[w.dtype], 0);
  if (expected !== model.weights.byteLength) {
    throw new ModelFormatError(`weights are ${model.weights.byteLength} bytes but the manifest describes ${expected}`);
  }
  const ops = format === 'layers-model' ? collectLayerClasses(modelTopology) : collectGraphOps(modelTopology);
  return { format, modelTopology, weightSpecs, ops };
}

/**
 * What a task's model may contain. Models are data from strangers: anything outside this list
 * (control flow, which can loop without bound; custom layers, which need code) is refused.
 */
export const allowedLayerOps = new Set([
  'InputLayer',
  'Dense',
  'Conv1D',
  'Conv2D',
  'DepthwiseConv2D',
  'SeparableConv2D',
  'MaxPooling1D',
  'MaxPooling2D',
  'AveragePooling2D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling2D',
  'Flatten',
  'Reshape',
  'Activation',
  'ReLU',
  'Softmax',
  'Dropout',
  'BatchNormalization',
  'LayerNormalization',
  'Add',
  'Concatenate',
  'Embedding',
  // Initializers and regularizers appear as class names in layer configs; they never run at inference.
  'VarianceScaling',
  'GlorotUniform',
  'GlorotNormal',
  'HeNormal',
  'HeUniform',
  'Zeros',
  'Ones',
  'RandomNormal',
  'RandomUniform',
  'Constant',
  ...['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'softplus', 'swish', 'gelu'].map((a) => `activation:${a}`),
]);

export const allowedGraphOps = new Set([
  'Placeholder',
  'Const',
  'Identity',
  'NoOp',
  'MatMul',
  'BatchMatMul',
  'BatchMatMulV2',
  '_FusedMatMul',
  'BiasAdd',
  'Add',
  'AddV2',
  'Sub',
  'Mul',
  'RealDiv',
  'Maximum',
  'Minimum',
  'Relu',
  'Relu6',
  'Elu',
  'Selu',
  'Sigmoid',
  'Tanh',
  'Softmax',
  'Rsqrt',
  'Sqrt',
  'Square',
  'Exp',
  'Log',
  'Conv2D',
  '_FusedConv2D',
  'DepthwiseConv2dNative',
  'FusedDepthwiseConv2dNative',
  'MaxPool',
  'AvgPool',
  'FusedBatchNorm',
  'FusedBatchNormV3',
  'Mean',
  'Sum',
  'Max',
  'Reshape',
  'Squeeze',
  'ExpandDims',
  'Transpose',
  'ConcatV2',
  'Pad',
]);

/** The ops outside the allowlist, empty when the model may run. */
export function disallowedOps(model: ParsedModel): string[] {
  const allowed = model.format === 'layers-model' ? allowedLayerOps : allowedGraphOps;
  return model.ops.filter((op) => !allowed.has(op)).sort();
}
