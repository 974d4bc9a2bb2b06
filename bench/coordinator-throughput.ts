// Sustained submit → lease → result → verify throughput, with 32 in-process nodes signing batches
// of 16 results; two results per task. On the embedded store (PGlite in memory; target ≥ 2,000
// tasks/s) and, when PLEXAI_TEST_DATABASE_URL names one, on PostgreSQL in a schema of its own,
// as a ratio to the embedded figure of the same run. One JSON line.
import { defaultConfig } from '../src/coordinator/config';
import { Coordinator } from '../src/coordinator/coordinator';
import { SimNode, softmax } from '../src/coordinator/sim-node';
import type { SqlDatabase } from '../src/coordinator/sql';
import { Store } from '../src/coordinator/store';
import { testDatabases } from '../src/coordinator/test-databases';

const TASKS = Number(process.env.TASKS ?? 20_000);
const NODES = Number(process.env.NODES ?? 32);
const TARGET = 2_000;
const model = { ref: { id: 'm', sha256: '0x' + '00'.repeat(32), bytes: 1, url: null }, flops: 1e6, vramMB: 0, tolerance: { maxAbs: 1e-4, maxRel: 1e-3, argmax: true } };
const input = { dtype: 'float32' as const, shape: [4], data: [1, 2, 3, 4] };

async function tasksPerSecond(db: SqlDatabase): Promise<{ seconds: number; tasksPerSecond: number }> {
  const store = new Store(db);
  await store.migrate();
  const coordinator = new Coordinator(defaultConfig({ models: [model], leaseHoldMs: 50 }), store, null);
  await coordinator.start();
  const nodes = Array.from({ length: NODES }, () => new SimNode(coordinator, { region: 'eu-west', slots: 32, compute: softmax, batch: 16 }));
  nodes.forEach((n) => n.connect());
  while (!nodes.every((n) => n.welcomed)) await new Promise((r) => setTimeout(r, 10));
  const start = performance.now();
  for (let i = 0; i < TASKS; i += 256) await coordinator.submitTasks(Array.from({ length: Math.min(256, TASKS - i) }, () => ({ model: 'm', input })));
  while (coordinator.stats().completed < TASKS) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - start) / 1000;
  await coordinator.stop();
  await db.close();
  return { seconds: +seconds.toFixed(2), tasksPerSecond: Math.round(TASKS / seconds) };
}

const [embedded, postgres] = testDatabases;
const pglite = await tasksPerSecond(await embedded!.open());
const pg = postgres ? await tasksPerSecond(await postgres.open()) : null;
console.log(
  JSON.stringify({
    bench: 'coordinator-throughput',
    tasks: TASKS,
    pgliteMemory: { ...pglite, ratioToTarget: +(pglite.tasksPerSecond / TARGET).toFixed(2) },
    postgres: pg ? { ...pg, ratioToEmbedded: +(pg.tasksPerSecond / pglite.tasksPerSecond).toFixed(2) } : { skipped: 'PLEXAI_TEST_DATABASE_URL is not set' },
    target: `>= ${TARGET} tasks/s embedded (ratioToTarget >= 1)`,
  }),
);
