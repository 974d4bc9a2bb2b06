import { noStakingStatus } from '../../src/common/staking';
import { expect, test } from '../support/fixtures';
import { startHost } from '../support/host';
import { MinerApp } from '../support/miner-app';

const mixedRig = new URL('../fixtures/mixed-rig.json', import.meta.url).pathname;

// Each test here leaves the engine's settings as it found them.
test.describe('hardware view on this machine', () => {
  test('a machine without a supported GPU gets an explanation and CPU mode, which is saved', async ({ page, sharedHost: host }, testInfo) => {
    const app = new MinerApp(page);
    await app.open(host.url);
    await app.nav('Hardware').click();
    await expect(app.heading('Hardware')).toBeVisible();
    // Hardware detection shells out to system tools; on a loaded 2-core box it has taken over 10 s.
    await expect(app.summary).toBeVisible({ timeout: 30_000 });
    test.skip(await page.getByText('Ready to earn').isVisible(), 'this machine has a supported GPU');

    await expect(app.summary).toContainText(/No graphics card found|No supported GPU/);
    await expect(app.summary).toContainText('at least 4 GB');
    await expect(page.getByRole('heading', { name: 'This machine' })).toBeVisible();
    await app.screenshot(testInfo, 'hardware-no-gpu');

    await page.getByRole('button', { name: 'Contribute with CPU' }).click();
    await expect(page.getByRole('heading', { name: 'CPU mode is on' })).toBeVisible();

    await page.reload();
    await expect(page.getByRole('heading', { name: 'CPU mode is on' })).toBeVisible();
    await app.nav('Settings').click();
    await expect(page.getByRole('checkbox', { name: /CPU mode/ })).toBeChecked();
    await app.screenshot(testInfo, 'settings');

    await page.getByRole('checkbox', { name: /CPU mode/ }).click();
    await expect(page.getByRole('checkbox', { name: /CPU mode/ })).not.toBeChecked();
    await app.nav('Hardware').click();
    await expect(page.getByRole('button', { name: 'Contribute with CPU' })).toBeVisible();
  });

  test('every page of the frame renders something useful', async ({ page, sharedHost: host }, testInfo) => {
    const app = new MinerApp(page);
    await app.open(host.url);
    for (const [label, heading] of [
      ['Get started', 'Get started'],
      ['Mining', 'Mining'],
      ['Dashboard', 'Dashboard'],
      ['Staking', 'Staking'],
    ]) {
      await app.nav(label!).click();
      await expect(app.heading(heading!)).toBeVisible();
      await expect(app.nav(label!)).toHaveAttribute('aria-current', 'page');
      await app.screenshot(testInfo, label!);
    }
    // This host knows no staking contracts (no devnet): the Staking page says why instead of showing nothing.
    await expect(page.getByText(noStakingStatus.unavailableReason!)).toBeVisible();
    await app.nav('Hardware').click();
    await expect(app.heading('Hardware')).toBeVisible();
  });
});

test('a mixed rig (simulated hardware file, not this machine) lists every GPU with its verdict', async ({ page }, testInfo) => {
  const host = await startHost({ simulateHardware: mixedRig });
  try {
    const app = new MinerApp(page);
    await app.open(host.url);
    await app.nav('Hardware').click();
    await expect(app.summary).toContainText('3 of your 5 GPUs qualify');

    const rtx = app.gpu('NVIDIA GeForce RTX 3060');
    await expect(rtx.getByText('Supported', { exact: true })).toBeVisible();
    await expect(rtx).toContainText('12 GB');
    await expect(rtx).toContainText('550.54.14');
    await expect(rtx).toContainText('37 %');
    await expect(rtx).toContainText('61 °C');

    const gtx = app.gpu('NVIDIA GeForce GTX 1050');
    await expect(gtx.getByText('Not supported', { exact: true })).toBeVisible();
    await expect(gtx).toContainText('Too little video memory: 2 GB');

    await expect(app.gpu('AMD Radeon RX 7900 XTX')).toContainText('Supported: Radeon RX 7000 series');
    await expect(app.gpu('AMD Instinct MI300X')).toContainText('Supported: Instinct MI300 series');
    await expect(app.gpu('CoffeeLake-S GT2 [UHD Graphics 630]')).toContainText('Intel GPUs are not supported');
    await expect(page.getByRole('button', { name: 'Contribute with CPU' })).toHaveCount(0);
    await app.screenshot(testInfo, 'hardware-mixed-rig');
  } finally {
    await host.stop();
  }
});

test('without its token the page explains how to get in, and the engine stays closed', async ({ page }) => {
  const host = await startHost();
  try {
    const app = new MinerApp(page);
    await app.open(host.url.replace(/#.*/, ''));
    await expect(app.alert).toContainText('opened without its access token');

    await app.open(host.url.replace(/#token=.*/, '#token=wrong'));
    await expect(app.alert).toContainText('access token in this link was refused');
    await expect(app.heading('Get started')).toHaveCount(0);
  } finally {
    await host.stop();
  }
});

test('when the engine stops the page says so, and a restarted engine needs its new link', async ({ page }, testInfo) => {
  const first = await startHost();
  const app = new MinerApp(page);
  await app.open(first.url);
  await expect(app.heading('Get started')).toBeVisible();
  await first.stop();
  await expect(app.alert).toContainText('Disconnected from the PlexAi engine');
  await app.screenshot(testInfo, 'disconnected');

  const second = await startHost({ port: first.port });
  try {
    await expect(app.alert).toContainText('access token in this link was refused');
    await app.open(second.url);
    await expect(app.heading('Get started')).toBeVisible();
    await expect(app.alert).toHaveCount(0);
  } finally {
    await second.stop();
  }
});
