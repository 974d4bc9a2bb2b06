/**
 * User activity → no new work issued (budget p95 ≤ 250 ms). A real pool (two wasm workers) runs
 * tasks non-stop behind the real idle controller at its default polling; the idle-time source is
 * the one faked boundary (no X session here): at a random moment it starts reporting input. The
 * latency is from that moment to the last task issued after it; a task issued after the pause
 * took effect would count against it. The baseline is the controller's own polling interval.
 * Run: npx tsx bench/engine-pause-latency.ts
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSettings } from '../src/common/api';
import { ThreadSpawner, type WorkerSpawner } from '../src/engine/compute/spawner';
import { IdleController, defaultIdleConfig } from '../src/engine/idle/controller';
import { WorkerPool } from '../src/engine/pool/pool';
import { readBundledIndex } from '../src/engine/tasks/bundled-models';
import { BundledModelSource, ModelCache } from '../src/engine/tasks/model-cache';

const ROUNDS = Number(process.argv[2] ?? 40);
const [, mlp] = await readBundledIndex();
let idleSeconds = 3600;
const issues: number[] = [];
const real = new ThreadSpawner();
// Timestamps every task the pool hands to a worker.
const spawner: WorkerSpawner = {
  spawn(setup) {
    const worker = real.spawn(setup);
    return {
      onMessage: worker.onMessage,
      onExit: worker.onExit,
      dispose: () => worker.dispose(),
      post(message, transfer) {
        if (message.type === 'run') issues.push(performance.now());
        worker.post(message, transfer);
      },
    };
  },
};
const idle = new IdleController(defaultIdleConfig, {
  idleTime: { idleSeconds: async () => idleSeconds },
  system: { read: async () => ({ onBattery: false, otherCpuLoadPercent: 0, runningProcesses: new Set() }) },
  settings: () => defaultSettings,
  gpu: () => ({ temperatureC: null, otherLoadPercent: null }),
});
const models = await ModelCache.open(mkdtempSync(join(tmpdir(), 'plexai-bench-')), 1 << 26, [new BundledModelSource()]);
const pool = new WorkerPool(
  { devices: [0, 1].map(() => ({ id: 'cpu', backendOrder: ['wasm'], memoryBudgetBytes: 1 << 30 })), maxModels: 2, lowPriority: true, maxLeakedTensors: 1000, restartDelayMs: 100 },
  { spawner, models, gate: idle },
);
await idle.setRunning(true);
let stop = false;
const feeder = async () => {
  while (!stop) {
    const data = new Float32Array(64 * 128).fill(0.5);
    await pool.run({ id: 't', model: mlp!.sha256, inputs: [{ dtype: 'float32', shape: [64, 128], data }] });
  }
};
const feeders = Array.from({ length: 4 }, feeder);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const latencies: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  idleSeconds = 3600;
  while (idle.current().kind !== 'full') await sleep(10);
  await sleep(200 + Math.random() * 300);
  const activity = performance.now();
  idleSeconds = 0;
  while (idle.current().kind === 'full') await sleep(1);
  await sleep(300);
  const lastIssue = issues.filter((t) => t >= activity).at(-1) ?? activity;
  latencies.push(lastIssue - activity);
}
stop = true;
idleSeconds = 3600;
await Promise.all(feeders);
pool.dispose();
idle.dispose();

const sorted = [...latencies].sort((a, b) => a - b);
const pct = (p: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1));
console.log(
  JSON.stringify({
    bench: 'engine-pause-latency',
    rounds: ROUNDS,
    baseline: { what: 'idle polling interval while working', ms: defaultIdleConfig.activePollMs },
    latencyMs: { p50: pct(50), p95: pct(95), max: pct(100) },
    ratio: Number((pct(95) / 250).toFixed(3)),
    target: 'p95 <= 250 ms (ratio <= 1)',
  }),
);
