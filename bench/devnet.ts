// The devnet as `npm start` runs it (miner mining on CPU): how long each part takes to come up,
// how soon the first task comes back verified, the verified rate over a window at a demand rate
// above what one CPU miner and the peer can keep up with, and how long stop() takes. One JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rendererDir } from '../src/cli/paths';
import { startDevnet } from '../src/devnet';

const WINDOW_MS = Number(process.env.WINDOW_MS ?? 20_000);
const DEMAND = Number(process.env.DEMAND ?? 40);
const dataDir = mkdtempSync(join(tmpdir(), 'plexai-bench-devnet-'));
const t0 = performance.now();
const parts: Record<string, number> = {};
const devnet = await startDevnet({
  dataDir,
  appVersion: 'bench',
  mine: true,
  tasksPerSecond: DEMAND,
  rendererDir,
  // Other load on the machine must not pause the miner mid-measurement.
  system: { read: async () => ({ onBattery: false, otherCpuLoadPercent: 0, runningProcesses: new Set<string>() }) },
  log: (line) => (parts[line.split(':')[0]!] = Math.round(performance.now() - t0)),
});
const startupMs = Math.round(performance.now() - t0);
while (devnet.demand.stats.completed < 1) await new Promise((r) => setTimeout(r, 50));
const firstVerifiedMs = Math.round(performance.now() - t0);
const completedBefore = devnet.demand.stats.completed;
const minerBefore = devnet.engine!.state().mining.tasks.accepted;
await new Promise((r) => setTimeout(r, WINDOW_MS));
const verifiedPerSecond = (devnet.demand.stats.completed - completedBefore) / (WINDOW_MS / 1000);
const minerPerSecond = (devnet.engine!.state().mining.tasks.accepted - minerBefore) / (WINDOW_MS / 1000);
const stats = { ...devnet.demand.stats };
const s0 = performance.now();
await devnet.stop();
const stopMs = Math.round(performance.now() - s0);
rmSync(dataDir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    bench: 'devnet',
    partsUpAtMs: parts,
    startupMs,
    firstVerifiedMs,
    demandTasksPerSecond: DEMAND,
    verifiedTasksPerSecond: +verifiedPerSecond.toFixed(2),
    minerResultsPerSecond: +minerPerSecond.toFixed(2),
    failed: stats.failed,
    heldBack: stats.heldBack,
    stopMs,
  }),
);
process.exit(0);
