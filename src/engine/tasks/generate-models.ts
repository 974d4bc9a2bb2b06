import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as TfModule from '@tensorflow/tfjs';
import { defaultModelsDir, type BundledModel } from './bundled-models';
import type { ModelBytes } from './model';
import { modelDigest } from './model-digest';

type Tf = typeof TfModule;

interface Definition {
  name: string;
  description: string;
  inputShape: number[];
  build(tf: Tf): TfModule.LayersModel;
  macsPerSample: number;
}

/**
 * Every layer is named and every initializer seeded: TF.js would otherwise draw names from global
 * counters and weights from Math.random, and the bytes (and so the digest) would change per run.
 */
const definitions: Definition[] = [
  {
    name: 'image-classifier',
    description: 'A small CNN classifying 32×32 RGB images into 10 classes',
    inputShape: [32, 32, 3],
    macsPerSample: 32 * 32 * 16 * 27 + 16 * 16 * 32 * 144 + 2048 * 10,
    build(tf) {
      let seed = 1;
      const init = () => ({
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }),
        biasInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed++ }),
      });
      return tf.sequential({
        name: 'image_classifier',
        layers: [
          tf.layers.conv2d({ name: 'conv1', inputShape: [32, 32, 3], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', ...init() }),
          tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }),
          tf.layers.conv2d({ name: 'conv2', filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', ...init() }),
          tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }),
          tf.layers.flatten({ name: 'flatten' }),
          tf.layers.dense({ name: 'logits', units: 10, activation: 'softmax', ...init() }),
        ],
      });
    },
  },
  {
    name: 'text-embedding',
    description: 'An MLP mapping 128-dimensional bag-of-features vectors to 64-dimensional embeddings',
    inputShape: [128],
    macsPerSample: 128 * 256 + 256 * 256 + 256 * 64,
    build(tf) {
      let seed = 100;
      const init = () => ({
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }),
        biasInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed++ }),
      });
      return tf.sequential({
        name: 'text_embedding',
        layers: [
          tf.layers.dense({ name: 'hidden1', inputShape: [128], units: 256, activation: 'relu', ...init() }),
          tf.layers.dense({ name: 'hidden2', units: 256, activation: 'relu', ...init() }),
          tf.layers.dense({ name: 'embedding', units: 64, activation: 'tanh', ...init() }),
        ],
      });
    },
  },
];

/** A layers model as the network moves it (model.ts): its model.json and concatenated weights. */
export async function serializeLayersModel(tf: Tf, model: TfModule.LayersModel): Promise<ModelBytes> {
  let result: ModelBytes | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      const buffers = data === undefined ? [] : Array.isArray(data) ? data : [data];
      const weights = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
      let offset = 0;
      for (const buffer of buffers) {
        weights.set(new Uint8Array(buffer), offset);
        offset += buffer.byteLength;
      }
      const json = {
        format: 'layers-model',
        generatedBy: 'PlexAi Miner generate-models',
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      result = { json: new TextEncoder().encode(`${JSON.stringify(json)}\n`), weights };
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  return result!;
}

/** Builds every bundled model on the cpu backend, whose float arithmetic is the same everywhere. */
export async function generateBundledModels(tf: Tf): Promise<{ info: BundledModel; bytes: ModelBytes }[]> {
  await tf.setBackend('cpu');
  const out: { info: BundledModel; bytes: ModelBytes }[] = [];
  for (const definition of definitions) {
    const model = definition.build(tf);
    const bytes = await serializeLayersModel(tf, model);
    const outputShape = (model.outputs[0]!.shape as (number | null)[]).slice(1) as number[];
    model.dispose();
    out.push({
      info: {
        name: definition.name,
        description: definition.description,
        sha256: modelDigest(bytes),
        inputShape: definition.inputShape,
        outputShape,
        macsPerSample: definition.macsPerSample,
      },
      bytes,
    });
  }
  return out;
}

export async function writeBundledModels(tf: Tf, dir = defaultModelsDir()): Promise<BundledModel[]> {
  const models = await generateBundledModels(tf);
  for (const { info, bytes } of models) {
    await mkdir(join(dir, info.name), { recursive: true });
    await writeFile(join(dir, info.name, 'model.json'), bytes.json);
    await writeFile(join(dir, info.name, 'weights.bin'), bytes.weights);
  }
  const index = models.map((m) => m.info);
  await writeFile(join(dir, 'index.json'), `${JSON.stringify({ models: index }, null, 2)}\n`);
  return index;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const tf = await import('@tensorflow/tfjs');
  for (const model of await writeBundledModels(tf)) console.log(`${model.name}: ${model.sha256}`);
}
