import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { describeMode, pauseReasonWords } from '../../src/common/mining-status';
import { expect, test } from '../support/fixtures';
import type { RunningHost } from '../support/host';
import { MinerApp, MiningView } from '../support/miner-app';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exactly = (...texts: string[]) => new RegExp(`^(${texts.map(escape).join('|')})$`);

/**
 * What the engine may honestly say once CPU mode mines on this machine. Which one depends on the
 * machine (an X display gives an idle time; a busy CI box has other programs on the processor),
 * so the test accepts the engine's own words for each, and nothing else.
 */
const runningWords = [
  describeMode(true, { kind: 'full' }),
  pauseReasonWords['idle-unknown'],
  pauseReasonWords['in-use'],
  pauseReasonWords['busy-cpu'],
];

/**
 * Opens the app on a first run, which lands on Get started; skips where this machine has a
 * supported GPU, since the flows below are CPU mode's.
 */
async function openOnCpuMachine(page: Page, host: RunningHost): Promise<MinerApp> {
  const app = new MinerApp(page);
  await app.open(host.url);
  await expect(app.heading('Get started')).toBeVisible();
  // Hardware detection shells out to system tools; on a loaded 2-core box it has taken over 10 s.
  const verdict = page.getByText(/qualif(y|ies) for the PlexAi network|No GPU in this machine qualifies/);
  await expect(verdict).toBeVisible({ timeout: 30_000 });
  test.skip(!(await verdict.textContent())!.startsWith('No GPU'), 'this machine has a supported GPU');
  return app;
}

test('start in CPU mode, see the engine’s status and reason, mark a dedicated rig, snooze, cancel and stop', async ({ page, host }, testInfo) => {
  const app = await openOnCpuMachine(page, host);
  const mining = new MiningView(page);
  await app.nav('Mining').click();
  await expect(app.heading('Mining')).toBeVisible();
  await expect(mining.status).toHaveText(pauseReasonWords.stopped);
  await expect(mining.recentTasks).toContainText('No tasks yet');
  await app.screenshot(testInfo, 'mining-stopped');

  // No GPU and CPU mode off: the engine refuses to start and says why; the page offers the way on.
  await mining.start.click();
  await expect(mining.status).toHaveText(pauseReasonWords['no-device']);
  await app.screenshot(testInfo, 'mining-no-device');
  await mining.statusCard.getByRole('button', { name: 'Turn on CPU mode and start' }).click();

  await expect(mining.stop).toBeVisible();
  await expect(mining.status).toHaveText(exactly(...runningWords));
  // The worker reports the backend it chose and why the better ones were passed over.
  const worker = mining.workers.getByRole('row').filter({ hasText: 'Processor' });
  await expect(worker).toContainText(/wasm|cpu/, { timeout: 20_000 });
  await expect(worker).toContainText('tensorflow skipped:');
  // No network here, so no task ever arrives: the worker says so calmly.
  await expect(worker).toContainText('Ready');
  await expect(worker).toContainText('Waiting for work');
  // Full-screen detection needs a desktop session this test may not have: then the page says so.
  const fullScreen = mining.statusCard.getByRole('group', { name: 'Full-screen programs' });
  if (process.platform === 'linux' && (process.env.WAYLAND_DISPLAY || !process.env.DISPLAY)) {
    await expect(fullScreen).toContainText('Full-screen programs cannot be detected');
    await expect(fullScreen.getByRole('checkbox')).toHaveCount(0);
  } else {
    // With a display, xprop answers (the rule is on by default) or its absence is named.
    await expect(fullScreen).toContainText(/Pause while a program runs full screen|the xprop tool is not installed/);
  }

  const status = (await mining.status.textContent())!;
  const markRig = mining.statusCard.getByRole('button', { name: 'Mark as dedicated rig' });
  if (status === pauseReasonWords['idle-unknown']) {
    // The reason holds while other programs' load comes and goes, so its way on stays offered.
    await app.screenshot(testInfo, 'mining-idle-unknown');
    await markRig.click();
    await expect(markRig).toHaveCount(0);
    await app.screenshot(testInfo, 'mining-marked-dedicated');
  } else {
    // A desktop session reports idle time, so there is no such offer: the same switch is in Settings.
    testInfo.annotations.push({ type: 'engine status', description: `${status}; dedicated rig set in Settings` });
    await app.nav('Settings').click();
    await page.getByRole('checkbox', { name: 'Dedicated rig', exact: true }).click();
    await expect(page.getByRole('checkbox', { name: 'Dedicated rig', exact: true })).toBeChecked();
    await app.nav('Mining').click();
  }
  // A dedicated rig never waits for idle time: what is left is mining, or other programs' load.
  await expect(mining.status).toHaveText(exactly(describeMode(true, { kind: 'full' }), pauseReasonWords['busy-cpu']));
  await app.screenshot(testInfo, 'mining-running');

  await mining.snooze('30 minutes').click();
  await expect(mining.status).toHaveText(pauseReasonWords.snoozed);
  await expect(mining.statusCard).toContainText(/Snoozed until \d/);
  // The snooze is a setting kept by the engine: a reload still shows it.
  await page.reload();
  await app.nav('Mining').click();
  await expect(mining.status).toHaveText(pauseReasonWords.snoozed);
  await app.screenshot(testInfo, 'mining-snoozed');
  await mining.cancelSnooze.click();
  await expect(mining.status).not.toHaveText(pauseReasonWords.snoozed);
  await expect(mining.snooze('1 hour')).toBeVisible();

  await mining.stop.click();
  await expect(mining.status).toHaveText(pauseReasonWords.stopped);
  await expect(mining.start).toBeVisible();
  await expect(mining.workers).toHaveCount(0);
  // Whichever way the rig was marked, the engine kept it.
  await app.nav('Settings').click();
  await expect(page.getByRole('checkbox', { name: 'Dedicated rig', exact: true })).toBeChecked();
});

test('first run: hardware check, the benchmark with progress then GFLOP/s and samples/s per model, start; re-run from Mining', async ({ page, host }, testInfo) => {
  // Measured here: wasm and the plain-JS cpu backend take about 8 s together on an idle 2-core box.
  test.setTimeout(120_000);
  const app = await openOnCpuMachine(page, host);
  const mining = new MiningView(page);
  await expect(page.getByRole('heading', { name: 'Check your hardware' })).toBeVisible();
  // The benchmark starts by itself once the hardware is known: nobody pressed anything yet.
  await expect(mining.benchmarkProgress).toBeVisible();
  await expect(mining.benchmark.getByRole('status')).toContainText(/\d+ % · /);
  await app.screenshot(testInfo, 'benchmark-running');
  await page.getByRole('button', { name: 'Contribute with CPU' }).click();
  await expect(page.getByRole('heading', { name: 'Check your hardware (done)' })).toBeVisible();

  await expect(mining.benchmarkResults).toBeVisible({ timeout: 60_000 });
  const wasm = mining.benchmarkResults.getByRole('row').filter({ hasText: 'WebAssembly' });
  await expect(wasm).toContainText(/\d GFLOP\/s/);
  await expect(wasm).toContainText(/\d samples\/s/);
  await expect(mining.benchmarkResults.getByRole('columnheader', { name: 'image-classifier' })).toBeVisible();
  await expect(mining.benchmarkResults.getByRole('columnheader', { name: 'text-embedding' })).toBeVisible();
  await expect(mining.benchmarkProgress).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Measure this machine (done)' })).toBeVisible();
  await app.screenshot(testInfo, 'benchmark-results');

  await page.getByRole('button', { name: 'Start mining' }).click();
  await expect(page.getByRole('heading', { name: 'Start mining (done)' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Stop mining' })).toBeVisible();

  // Once mining has started the app opens on Mining; the engine kept the results, which it measures again on demand.
  await page.reload();
  await expect(app.heading('Mining')).toBeVisible();
  await expect(mining.benchmarkResults).toBeVisible();
  await mining.benchmark.getByRole('button', { name: 'Run again' }).click();
  await expect(mining.benchmarkProgress).toBeVisible();
  await expect(mining.benchmark.getByRole('button', { name: 'Run again' })).toHaveCount(0);
  await expect(mining.benchmarkResults).toBeVisible({ timeout: 60_000 });
});

test('a benchmark that fails says so once, in the card where it was started', async ({ page, host }, testInfo) => {
  test.setTimeout(120_000);
  const app = new MinerApp(page);
  const mining = new MiningView(page);
  // The results cannot be saved: a directory stands where their file goes, as a full or read-only disk would fail.
  mkdirSync(join(host.dataDir, 'benchmark.json', 'in-the-way'), { recursive: true });
  // A first run starts the benchmark by itself on Get started.
  await app.open(host.url);
  await expect(app.heading('Get started')).toBeVisible();
  await expect(mining.benchmark.getByRole('alert')).toContainText('The benchmark failed:', { timeout: 90_000 });
  await expect(page.getByRole('alert')).toHaveCount(1);
  await expect(mining.benchmark.getByRole('button', { name: 'Run again' })).toBeEnabled();
  await app.screenshot(testInfo, 'benchmark-failed');
});

test('offline, the Mining page keeps the last state and its controls wait for the engine', async ({ page, host }, testInfo) => {
  const app = new MinerApp(page);
  await app.open(host.url);
  const mining = new MiningView(page);
  await app.nav('Mining').click();
  await expect(mining.start).toBeEnabled();
  await host.stop();
  await expect(page.getByText('Offline: what you see is the last state the engine reported.')).toBeVisible();
  await expect(mining.status).toHaveText(pauseReasonWords.stopped);
  await expect(mining.start).toBeDisabled();
  await app.screenshot(testInfo, 'mining-offline');
});

test.describe('on the devnet, mining', () => {
  // `--mine`: CPU mode and a dedicated rig, so the devnet's demand reaches this miner's workers.
  test.use({ devnetOptions: { mine: true } });

  test('each worker shows the task it runs, its model and running time, or waits for work with the task before', async ({ page, devnet }, testInfo) => {
    test.setTimeout(90_000);
    const app = new MinerApp(page);
    const mining = new MiningView(page);
    await app.open(devnet.url);
    await app.nav('Mining').click();
    const worker = mining.workers.getByRole('row').filter({ hasText: 'Processor' }).first();
    // A task from the devnet's demand, named by its model, with the start of its id; the full id on hover.
    await expect(worker).toContainText(/(image-classifier|text-embedding) · task [0-9a-f]{8}/, { timeout: 60_000 });
    await expect(worker.locator('code').first()).toHaveAttribute('title', /^[0-9a-f]{8}-[0-9a-f-]{27}$/);
    // Devnet tasks take milliseconds: the worker is caught mid-task, or between tasks with the last one.
    await expect(worker).toContainText(/running \d+ s|Waiting for work.*, done at/);
    await app.screenshot(testInfo, 'mining-current-task');
  });
});
