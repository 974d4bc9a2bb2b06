/**
 * A paused engine's cost (budget: < 1 % of a core, < 200 MB RSS): the real engine as the headless
 * host builds it (createEngine, CPU mode), mining on but paused by the idle policy, watched for
 * 60 s once the pause has lasted long enough for the engine to release its workers (30 s).
 * Baseline: the same process before the engine exists (tsx alone costs most of it).
 * Run: npx tsx bench/engine-paused-cost.ts [seconds]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../src/engine/create-engine';

const SECONDS = Number(process.argv[2] ?? 60);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rssMB = () => process.memoryUsage().rss / 2 ** 20;
const baselineRss = rssMB();

const { engine } = await createEngine({ dataDir: mkdtempSync(join(tmpdir(), 'plexai-bench-')), appVersion: '0.0.0', transport: 'headless' });
await engine.api.updateSettings({ cpuMode: true, startAfterIdleSeconds: 86_400 });
await engine.api.startMining({});
const workersWhileStarting = engine.state().mining.workers.length;
while (engine.state().mining.workers.length > 0) await sleep(500);
await sleep(2000);
const mode = engine.state().mining.mode;
if (mode.kind !== 'paused') throw new Error(`expected a paused engine, got ${JSON.stringify(mode)}`);

const cpuBefore = process.cpuUsage();
const started = performance.now();
let peakRss = rssMB();
while (performance.now() - started < SECONDS * 1000) {
  await sleep(1000);
  peakRss = Math.max(peakRss, rssMB());
}
const cpu = process.cpuUsage(cpuBefore);
const corePercent = ((cpu.user + cpu.system) / 1000 / (performance.now() - started)) * 100;
engine.dispose();

console.log(
  JSON.stringify({
    bench: 'engine-paused-cost',
    seconds: SECONDS,
    pausedFor: mode.reason,
    workersReleased: workersWhileStarting,
    baseline: { what: 'same process before the engine', rssMB: Math.round(baselineRss) },
    cpuPercentOfCore: Number(corePercent.toFixed(3)),
    peakRssMB: Math.round(peakRss),
    ratio: { cpu: Number((corePercent / 1).toFixed(3)), rss: Number((peakRss / 200).toFixed(3)) },
    target: 'cpu < 1 % of a core, rss < 200 MB (ratios < 1)',
  }),
);
process.exit(0);
