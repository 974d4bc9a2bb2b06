import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Tensor } from '../common/protocol';
import { defaultConfig } from '../coordinator/config';
import { Coordinator } from '../coordinator/coordinator';
import { SimNode } from '../coordinator/sim-node';
import { openPglite, type SqlDatabase } from '../coordinator/sql';
import { Store } from '../coordinator/store';
import { outputsAgree } from '../coordinator/verification';
import { CANARIES_PER_MODEL, argmaxMargin, devnetCanaries } from './canaries';
import { devnetCatalog, devnetCoordinatorConfig, type DevnetModel } from './catalog';
import { loadLocalCompute } from './local-compute';

let models: DevnetModel[];
let canaries: Awaited<ReturnType<typeof devnetCanaries>>;
beforeAll(async () => {
  models = await devnetCatalog();
  // As the devnet computes them: WebAssembly first.
  canaries = await devnetCanaries(models, await loadLocalCompute(models, ['wasm']));
}, 60_000);

const modelOf = (id: string) => models.find((m) => m.spec.ref.id === id)!;

describe('devnet canaries', () => {
  test('every bundled model has its canaries, with inputs shaped like its tasks and unambiguous answers', () => {
    for (const model of models) {
      const own = canaries.filter((c) => c.model === model.spec.ref.id);
      expect(own).toHaveLength(CANARIES_PER_MODEL);
      for (const c of own) {
        expect(c.input.shape).toEqual([model.batch, ...model.info.inputShape]);
        expect(c.expected.shape).toEqual([model.batch, ...model.info.outputShape]);
        // Far more than backends drift apart, so an honest node's argmax never flips.
        if (model.spec.tolerance.argmax) expect(argmaxMargin(c.expected)).toBeGreaterThan(100 * 1e-6);
      }
    }
  });

  // A miner on another backend (here the pure-JS cpu one; tfjs-node cannot be installed on this
  // machine) must pass the canaries wasm answered, or it would never leave probation.
  test('the answers of another backend agree with them under each model\'s tolerance', async () => {
    const cpu = await loadLocalCompute(models, ['cpu']);
    expect(cpu.backend).toBe('cpu');
    for (const canary of canaries) {
      const model = modelOf(canary.model);
      const { output } = await cpu.run(model.spec.ref, canary.input);
      expect(outputsAgree(output, canary.expected, model.spec.tolerance)).toBe(true);
    }
  }, 60_000);

  describe('against the devnet\'s coordinator configuration', () => {
    let db: SqlDatabase;
    let coordinator: Coordinator;
    beforeAll(async () => {
      db = await openPglite(undefined);
      const store = new Store(db);
      await store.migrate();
      coordinator = new Coordinator(defaultConfig({ ...devnetCoordinatorConfig(models, canaries), leaseHoldMs: 50 }), store, null);
      await coordinator.start();
    }, 30_000);
    afterAll(async () => {
      await coordinator.stop();
      await db.close();
    });

    // Cheap lies that look like answers: a flat distribution for the classifier (its real outputs
    // are close to flat too), zeros for the embedding.
    const lie = (input: Tensor): Tensor => {
      const model = models.find((m) => m.info.inputShape.length === input.shape.length - 1)!;
      const width = model.info.outputShape[0]!;
      const rows = input.shape[0]!;
      return { dtype: 'float32', shape: [rows, width], data: Array<number>(rows * width).fill(model.spec.tolerance.argmax ? 1 / width : 0) };
    };

    test('a node answering its canaries wrongly is caught: each one is judged invalid, its score falls, it stays on probation', async () => {
      const liar = new SimNode(coordinator, { region: 'local', slots: 2, compute: lie, viaJson: true });
      liar.connect();
      const id = liar.wallet.address;
      const canaryLeases = () => liar.received.flatMap((m) => (m.type === 'tasks' ? m.assignments.filter((a) => canaries.some((c) => c.model === a.model.id && sameData(c.input, a.input))) : []));
      // On probation it gets a canary with every lease request until it passes one.
      await until(() => canaryLeases().filter((a) => liar.acks.has(a.leaseId)).length >= 3);
      expect(canaryLeases().map((a) => liar.acks.get(a.leaseId) ?? 'pending').slice(0, 3)).toEqual(['accepted', 'accepted', 'accepted']);
      const standing = coordinator.reputation(id)!;
      expect(standing.onProbation).toBe(true);
      expect(standing.reputation.canaryPasses).toBe(0);
      expect(standing.reputation.score).toBeLessThanOrEqual(0.5 * 0.5 ** 3);
      liar.drop();
    }, 30_000);
  });
});

function sameData(a: Tensor, b: Tensor): boolean {
  return a.data.length === b.data.length && a.data.every((x, i) => x === b.data[i]);
}

async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
