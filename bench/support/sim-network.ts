import { defaultConfig } from '../../src/coordinator/config';
import { Coordinator } from '../../src/coordinator/coordinator';
import { SimNode, softmax } from '../../src/coordinator/sim-node';
import type { SqlDatabase } from '../../src/coordinator/sql';
import { Store } from '../../src/coordinator/store';

/** The benches' one model: trivially cheap, so the coordinator is what gets measured. */
export const benchModel = { ref: { id: 'm', sha256: '0x' + '00'.repeat(32), bytes: 1, url: null }, flops: 1e6, vramMB: 0, tolerance: { maxAbs: 1e-4, maxRel: 1e-3, argmax: true } };

/**
 * A coordinator on `db` with `nodes` in-process nodes (32 slots, batches of 16), all welcomed and
 * heartbeating as real nodes do: without it a run longer than three heartbeat intervals (96 nodes
 * on 20,000 tasks) sees every node swept as gone, and its last tasks wait forever.
 */
export async function startSimNetwork(db: SqlDatabase, nodes: number): Promise<{ coordinator: Coordinator; nodes: SimNode[]; stop(): Promise<void> }> {
  const store = new Store(db);
  await store.migrate();
  const coordinator = new Coordinator(defaultConfig({ models: [benchModel], leaseHoldMs: 50 }), store, null);
  await coordinator.start();
  const sims = Array.from({ length: nodes }, () => new SimNode(coordinator, { region: 'eu-west', slots: 32, compute: softmax, batch: 16 }));
  sims.forEach((n) => n.connect());
  while (!sims.every((n) => n.welcomed)) await new Promise((r) => setTimeout(r, 10));
  // A dropped node's heartbeat goes nowhere until it reconnects.
  const heartbeats = setInterval(() => sims.forEach((n) => n.heartbeat()), coordinator.heartbeatIntervalMs / 2);
  return {
    coordinator,
    nodes: sims,
    async stop() {
      clearInterval(heartbeats);
      await coordinator.stop();
    },
  };
}
