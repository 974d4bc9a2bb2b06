// Completion rate and throughput under churn: 100 in-process nodes work through a stream of
// tasks (two results each) while, every CYCLE_MS, the next 10 % of them vanish mid-task and come
// back DOWN_MS later with a fresh handshake, as rigs on flaky links do. The baseline is the same
// run without churn, measured first in the same process. Target: >= 99.9 % of tasks complete.
// One JSON line. Run: npx tsx bench/coordinator-churn.ts
import { openPglite } from '../src/coordinator/sql';
import { startSimNetwork } from './support/sim-network';

const TASKS = Number(process.env.TASKS ?? 10_000);
const NODES = Number(process.env.NODES ?? 100);
const CHURN_SHARE = 0.1;
const CYCLE_MS = Number(process.env.CYCLE_MS ?? 500);
const DOWN_MS = CYCLE_MS / 2;
const TARGET = 0.999;
/** A run that has not settled every task by then counts the rest as not completed. */
const RUN_LIMIT_MS = 120_000;
const input = (i: number) => ({ dtype: 'float32' as const, shape: [4], data: [i % 7, (i * 3) % 5, (i * 5) % 11, 1] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(churn: boolean) {
  const db = await openPglite(undefined);
  const network = await startSimNetwork(db, NODES);
  const { coordinator, nodes } = network;
  let drops = 0;
  let next = 0;
  const share = Math.round(NODES * CHURN_SHARE);
  const churning = churn
    ? setInterval(() => {
        const leaving = Array.from({ length: share }, (_, i) => nodes[(next + i) % NODES]!);
        next += share;
        for (const n of leaving) {
          n.drop();
          drops++;
        }
        setTimeout(() => leaving.forEach((n) => n.reconnect(coordinator)), DOWN_MS);
      }, CYCLE_MS)
    : null;

  const start = performance.now();
  for (let i = 0; i < TASKS; i += 256) await coordinator.submitTasks(Array.from({ length: Math.min(256, TASKS - i) }, (_, j) => ({ model: 'm', input: input(i + j) })));
  const settled = () => coordinator.stats().completed + coordinator.stats().failed;
  while (settled() < TASKS && performance.now() - start < RUN_LIMIT_MS) await sleep(20);
  const seconds = (performance.now() - start) / 1000;
  if (churning) clearInterval(churning);
  const { completed, failed } = coordinator.stats();
  await network.stop();
  // Every lease a drop took away counted an attempt against its task.
  const [{ lost }] = (await db.query<{ lost: number }>('select coalesce(sum(attempts), 0)::int as lost from tasks')) as [{ lost: number }];
  await db.close();
  return {
    seconds: +seconds.toFixed(2),
    tasksPerSecond: Math.round(completed / seconds),
    completed,
    failed,
    completionRate: +(completed / TASKS).toFixed(5),
    ...(churn ? { drops, leasesLost: lost } : {}),
  };
}

const baseline = await run(false);
const churned = await run(true);
console.log(
  JSON.stringify({
    bench: 'coordinator-churn',
    tasks: TASKS,
    nodes: NODES,
    churn: `${CHURN_SHARE * 100} % of nodes drop mid-task every ${CYCLE_MS} ms and reconnect after ${DOWN_MS} ms`,
    baseline,
    churned: {
      ...churned,
      completionRatioToBaseline: +(churned.completionRate / baseline.completionRate).toFixed(4),
      throughputRatioToBaseline: +(churned.tasksPerSecond / baseline.tasksPerSecond).toFixed(2),
    },
    target: `completionRate >= ${TARGET} under churn`,
    met: churned.completionRate >= TARGET,
  }),
);
