import type { Tensor } from '../common/protocol';
import { loadBackend } from '../engine/compute/backend';
import { Executor } from '../engine/compute/executor';
import { cacheDigest, taskOfAssignment, tensorOf } from '../engine/network/assignment';
import { readBundledModel } from '../engine/tasks/bundled-models';
import type { DevnetModel } from './catalog';

/**
 * TF.js in the devnet's own process with the bundled models loaded, once: the peer node computes
 * its tasks with it, and the canaries' known answers come from it.
 */
export interface LocalCompute {
  backend: 'wasm' | 'cpu';
  /** One model call on `input` (a whole batch), exactly as a node runs a lease for that model. */
  run(model: DevnetModel['spec']['ref'], input: Tensor): Promise<{ output: Tensor; runMs: number }>;
}

export async function loadLocalCompute(models: DevnetModel[], order: readonly ('wasm' | 'cpu')[] = ['wasm', 'cpu']): Promise<LocalCompute> {
  const { tf, choice } = await loadBackend(order);
  const backend = choice.backend === 'wasm' ? 'wasm' : 'cpu';
  const executor = new Executor(tf, { maxModels: models.length, memoryBudgetBytes: 256 * 2 ** 20 });
  for (const model of models) await executor.load(cacheDigest(model.spec.ref.sha256), await readBundledModel(model.info.name));
  return {
    backend,
    async run(model, input) {
      // The engine's own decoding, so a canary input is checked the way a node checks a lease's.
      const task = taskOfAssignment({ leaseId: 'local', taskId: 'local', model, input, flops: 0, deadline: 0 });
      const result = await executor.run(task.model, task.inputs);
      const output = result.outputs[0];
      if (!output) throw new Error(`${model.id} produced no output`);
      return { output: tensorOf(output), runMs: result.runMs };
    },
  };
}
