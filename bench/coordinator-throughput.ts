// Sustained submit → lease → result → verify throughput, with 32 in-process nodes signing batches
// of 16 results; two results per task. On the embedded store (PGlite in memory; target ≥ 2,000
// tasks/s) and, when PLEXAI_TEST_DATABASE_URL names one, on PostgreSQL in a schema of its own,
// as a ratio to the embedded figure of the same run. One JSON line.
import type { SqlDatabase } from '../src/coordinator/sql';
import { testDatabases } from '../src/coordinator/test-databases';
import { startSimNetwork } from './support/sim-network';

const TASKS = Number(process.env.TASKS ?? 20_000);
const NODES = Number(process.env.NODES ?? 32);
const TARGET = 2_000;
const input = { dtype: 'float32' as const, shape: [4], data: [1, 2, 3, 4] };

async function tasksPerSecond(db: SqlDatabase): Promise<{ seconds: number; tasksPerSecond: number }> {
  const network = await startSimNetwork(db, NODES);
  const { coordinator } = network;
  const start = performance.now();
  for (let i = 0; i < TASKS; i += 256) await coordinator.submitTasks(Array.from({ length: Math.min(256, TASKS - i) }, () => ({ model: 'm', input })));
  while (coordinator.stats().completed < TASKS) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - start) / 1000;
  await network.stop();
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
