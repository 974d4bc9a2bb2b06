import type { Page } from '@playwright/test';
import type { UpdateStatus } from '../../src/common/api';
import { restartDecision } from '../../main/update/policy';
import { expect, test } from '../support/fixtures';
import { MinerApp, SettingsView } from '../support/miner-app';

/**
 * No Electron runs here, so these tests play the desktop app's engine at the UI's socket: what the
 * headless engine sends reaches the page as the desktop app's (its transport, and `update` as the
 * updater reports it); a restart is answered by the app's own restart policy with a task running,
 * and recorded instead of quitting. Everything else goes to the real engine.
 */
async function asDesktopAppWithTaskRunning(page: Page, update: UpdateStatus | null): Promise<{ restarts: unknown[] }> {
  const restarts: unknown[] = [];
  await page.routeWebSocket(/\/rpc/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const call = JSON.parse(String(message)) as { id: number; method?: string; params?: { consent: boolean } };
      if (call.method !== 'restartToUpdate') return server.send(message);
      restarts.push(call.params);
      const result = restartDecision({ ready: update?.state === 'ready', taskRunning: true, ownerConsented: call.params?.consent ?? false });
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: call.id, result }));
    });
    server.onMessage((message) =>
      ws.send(String(message).replaceAll('"transport":"headless"', '"transport":"electron"').replaceAll('"update":null', `"update":${JSON.stringify(update)}`)),
    );
  });
  return { restarts };
}

test('a downloaded update says "ready, restart to apply"; mid-task a restart asks first and goes ahead only with consent (desktop app simulated at the socket)', async ({
  page,
  host,
}) => {
  const { restarts } = await asDesktopAppWithTaskRunning(page, { state: 'ready', version: '1.5.0' });
  const app = new MinerApp(page);
  await app.open(host.url);
  const banner = page.getByRole('status').filter({ hasText: 'PlexAi Miner 1.5.0 is ready.' });
  await expect(banner).toContainText('Restart to apply it; mining resumes on its own.');

  await banner.getByRole('button', { name: 'Restart now' }).click();
  await expect(banner).toContainText('A task is running: restarting now abandons it and it is given to another node. Restart anyway?');
  await banner.getByRole('button', { name: 'Later' }).click();
  await expect(banner).toContainText('Restart to apply it');
  expect(restarts).toEqual([{ consent: false }]);

  await banner.getByRole('button', { name: 'Restart now' }).click();
  await banner.getByRole('button', { name: 'Restart anyway' }).click();
  await expect.poll(() => restarts).toEqual([{ consent: false }, { consent: false }, { consent: true }]);
  await expect(banner.getByRole('button', { name: 'Restart anyway' })).toHaveCount(0);
});

test('no banner while nothing is downloaded (desktop app simulated at the socket)', async ({ page, host }) => {
  await asDesktopAppWithTaskRunning(page, { state: 'downloading', version: '1.5.0', percent: 40 });
  const app = new MinerApp(page);
  await app.open(host.url);
  await app.nav('Settings').click();
  await expect(app.heading('Settings')).toBeVisible();
  await expect(page.getByText('is ready.')).toHaveCount(0);
});

test('the update channel is saved by the engine and still beta after a reload (desktop app simulated at the socket)', async ({ page, host }) => {
  await asDesktopAppWithTaskRunning(page, { state: 'idle', lastCheckedAt: null });
  const app = new MinerApp(page);
  const settings = new SettingsView(page);
  await app.open(host.url);
  await app.nav('Settings').click();
  const channel = page.getByRole('combobox', { name: 'Updates' });
  await expect(channel).toHaveValue('stable');
  await channel.selectOption({ label: 'Beta releases (earlier, less tested)' });
  await expect(channel).toHaveValue('beta');

  await page.reload();
  await app.nav('Settings').click();
  await expect(settings.toggle('Start at login')).toBeVisible();
  await expect(channel).toHaveValue('beta');
  await channel.selectOption('stable');
  await page.reload();
  await app.nav('Settings').click();
  await expect(channel).toHaveValue('stable');
});
