import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Canary, CoordinatorConfig, ModelSpec } from '../coordinator/config';
import { defaultModelsDir, readBundledIndex, type BundledModel } from '../engine/tasks/bundled-models';

/** A bundled model as the devnet serves it: the coordinator's spec plus what demand needs to make inputs. */
export interface DevnetModel {
  spec: ModelSpec;
  info: BundledModel;
  /** Samples in one task's input batch. */
  batch: number;
}

/** Samples per task: enough that a task is real work, small enough that a CPU node keeps up. */
const BATCH: Record<string, number> = { 'image-classifier': 4, 'text-embedding': 16 };

/**
 * The coordinator's catalog for the devnet: the bundled models, which every miner already has, so
 * no model is ever downloaded. VRAM need is 0 because devnet nodes may be CPU-only; tolerances
 * allow for backends (wasm, cpu, CUDA) summing in different orders, far tighter than any wrong answer.
 */
export async function devnetCatalog(modelsDir = defaultModelsDir()): Promise<DevnetModel[]> {
  const index = await readBundledIndex(modelsDir);
  return Promise.all(
    index.map(async (info) => {
      const [json, weights] = await Promise.all([stat(join(modelsDir, info.name, 'model.json')), stat(join(modelsDir, info.name, 'weights.bin'))]);
      const batch = BATCH[info.name] ?? 4;
      const classifier = info.outputShape.length === 1 && info.outputShape[0]! <= 1000 && info.name.includes('classifier');
      return {
        info,
        batch,
        spec: {
          ref: { id: info.name, sha256: `0x${info.sha256}`, bytes: json.size + weights.size, url: null },
          flops: 2 * info.macsPerSample * batch,
          vramMB: 0,
          tolerance: { maxAbs: 1e-3, maxRel: 1e-3, argmax: classifier },
        },
      };
    }),
  );
}

/** What the devnet's coordinator runs with beyond the defaults: the bundled models and their canaries. */
export function devnetCoordinatorConfig(models: DevnetModel[], canaries: Canary[]): Pick<CoordinatorConfig, 'models' | 'canaries'> {
  return { models: models.map((m) => m.spec), canaries };
}
