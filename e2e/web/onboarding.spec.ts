import { createServer, type AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { startHost } from '../support/host';
import { MinerApp, MiningView } from '../support/miner-app';

/** Counts the owner's clicks in the page from its first load on: real (trusted) ones only. */
async function countClicks(page: Page): Promise<() => Promise<number>> {
  await page.addInitScript(() => {
    const w = window as unknown as { clicks: number };
    w.clicks = 0;
    document.addEventListener('click', (event) => event.isTrusted && w.clicks++, true);
  });
  return () => page.evaluate(() => (window as unknown as { clicks: number }).clicks);
}

test('a new owner on the devnet goes from first start to mining in at most 3 clicks; the next start opens on Mining', async ({ page, devnet }, testInfo) => {
  // Hardware check and benchmark on a loaded 2-core box beside the devnet.
  test.setTimeout(180_000);
  const clicks = await countClicks(page);
  const app = new MinerApp(page);
  const mining = new MiningView(page);
  await app.open(devnet.url);

  await expect(app.heading('Get started')).toBeVisible();
  // Hardware detection shells out to system tools; on a loaded box it has taken over 10 s.
  const hardware = app.step('Check your hardware');
  await expect(hardware.getByText(/qualif(y|ies) for the (PlexAi )?network/)).toBeVisible({ timeout: 30_000 });
  // The benchmark starts by itself and shows how far it got.
  await expect(mining.benchmarkProgress).toBeVisible();
  await app.screenshot(testInfo, 'first-run-benchmark');
  // Without a qualifying GPU the way on is CPU mode: one click, the only choice the owner makes.
  const cpuOffer = hardware.getByRole('button', { name: 'Contribute with CPU' });
  if (await cpuOffer.isVisible()) await cpuOffer.click();
  await expect(page.getByRole('heading', { name: 'Check your hardware (done)' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Measure this machine (done)' })).toBeVisible({ timeout: 90_000 });
  // The devnet pays a newcomer's work to its funded dev wallet from the start.
  await expect(page.getByRole('heading', { name: 'Connect your wallet (done)' })).toBeVisible();

  await app.step('Start mining').getByRole('button', { name: 'Start mining' }).click();
  await expect(page.getByRole('heading', { name: 'Start mining (done)' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Stop mining' })).toBeVisible();
  await app.screenshot(testInfo, 'first-run-mining');
  expect(await clicks()).toBeLessThanOrEqual(3);

  await page.reload();
  await expect(app.heading('Mining')).toBeVisible();
  await expect(mining.stop).toBeVisible();
});

/** A loopback port nobody listens on: bound by the system, then closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('with the network unreachable, Get started says so and counts down to each retry', async ({ page }, testInfo) => {
  const host = await startHost({ coordinatorUrl: `http://127.0.0.1:${await closedPort()}` });
  try {
    const app = new MinerApp(page);
    await app.open(host.url);
    await expect(app.heading('Get started')).toBeVisible();
    const line = app.step('Start mining').getByText(/^(Connecting to the PlexAi network|The network cannot be reached)/);
    await expect(line).toContainText(/The network cannot be reached \(.*ECONNREFUSED.*\); trying again (in \d+ s|now)/);
    await app.screenshot(testInfo, 'network-unreachable');
    // Live, not a snapshot: the engine keeps retrying and the line follows it, second by second.
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          seen.add((await line.textContent()) ?? '');
          return seen.size;
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThanOrEqual(3);
  } finally {
    await host.stop();
  }
});

test('the benchmark that started by itself can be cancelled, stays cancelled after a reload, and runs again on request', async ({ page, host }, testInfo) => {
  // Measured here: wasm and the plain-JS cpu backend take about 8 s together on an idle 2-core box.
  test.setTimeout(120_000);
  const app = new MinerApp(page);
  const mining = new MiningView(page);
  await app.open(host.url);
  await expect(app.heading('Get started')).toBeVisible();
  await expect(mining.benchmarkProgress).toBeVisible({ timeout: 30_000 });
  await mining.benchmark.getByRole('button', { name: 'Cancel' }).click();
  await expect(mining.benchmark).toContainText('Cancelled.');
  await expect(mining.benchmarkProgress).toHaveCount(0);
  await app.screenshot(testInfo, 'benchmark-cancelled');

  // The engine remembers the owner stopped it: a reload does not start it over their head.
  await page.reload();
  await expect(mining.benchmark).toContainText('Cancelled.');
  await expect(mining.benchmarkProgress).toHaveCount(0);

  await mining.benchmark.getByRole('button', { name: 'Run benchmark' }).click();
  await expect(mining.benchmarkProgress).toBeVisible();
  await expect(mining.benchmarkResults).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole('heading', { name: 'Measure this machine (done)' })).toBeVisible();
});
