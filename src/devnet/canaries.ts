import type { Canary } from '../coordinator/config';
import type { Tensor } from '../common/protocol';
import type { DevnetModel } from './catalog';
import { randomInput, seededRandom } from './demand';
import type { LocalCompute } from './local-compute';

/** Known-answer tasks per bundled model: enough that a node cannot learn them by heart quickly. */
export const CANARIES_PER_MODEL = 3;
/** Candidates tried per canary kept: the ones kept are those whose answer is least ambiguous. */
const CANDIDATES_PER_CANARY = 4;
/** Its own seed, not the demand's, so no canary input is ever also a task input. */
const CANARY_SEED = 0xca9a;

/**
 * The devnet's canaries: inputs drawn exactly as the demand generator draws task inputs (same
 * shapes, same value grid), so a node cannot tell a canary from a task, and answers computed here
 * at start on the devnet's own TF.js. For classifiers the kept inputs are those whose top class
 * leads the runner-up by the widest margin in every row: another backend summing in another order
 * moves probabilities by far less than the tolerance, but on a near-tie it could still flip the
 * argmax and leave an honest node on probation.
 */
export async function devnetCanaries(models: DevnetModel[], compute: LocalCompute, perModel = CANARIES_PER_MODEL): Promise<Canary[]> {
  const random = seededRandom(CANARY_SEED);
  const canaries: Canary[] = [];
  for (const model of models) {
    const candidates: { canary: Canary; margin: number }[] = [];
    for (let i = 0; i < perModel * (model.spec.tolerance.argmax ? CANDIDATES_PER_CANARY : 1); i++) {
      const input = randomInput(model, random);
      const { output } = await compute.run(model.spec.ref, input);
      candidates.push({ canary: { model: model.spec.ref.id, input, expected: output }, margin: model.spec.tolerance.argmax ? argmaxMargin(output) : 0 });
    }
    candidates.sort((a, b) => b.margin - a.margin);
    canaries.push(...candidates.slice(0, perModel).map((c) => c.canary));
  }
  return canaries;
}

/** The smallest lead of a row's top value over its runner-up, across the batch's rows. */
export function argmaxMargin(output: Tensor): number {
  const width = output.shape[output.shape.length - 1]!;
  let margin = Infinity;
  for (let row = 0; row < output.data.length; row += width) {
    let first = -Infinity;
    let second = -Infinity;
    for (let i = row; i < row + width; i++) {
      const x = output.data[i]!;
      if (x > first) [first, second] = [x, first];
      else if (x > second) second = x;
    }
    margin = Math.min(margin, first - second);
  }
  return margin;
}
