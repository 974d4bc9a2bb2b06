import { pauseReasonWords } from '../../src/common/mining-status';
import { expect, test } from '../support/fixtures';
import { MinerApp, MiningView, SettingsView } from '../support/miner-app';

test('idle rules are validated, saved through the engine, and still there after a reload', async ({ page, host }, testInfo) => {
  const app = new MinerApp(page);
  const settings = new SettingsView(page);
  await app.open(host.url);
  await app.nav('Settings').click();
  await expect(app.heading('Settings')).toBeVisible();
  // The engine's defaults, as the issue names them.
  await expect(settings.field('Start after idle for')).toHaveValue('2');
  await expect(settings.field('Pause above')).toHaveValue('83');
  await expect(settings.radio('Pause mining')).toBeChecked();
  await expect(settings.field('Gentle mining uses')).toBeDisabled();
  await expect(settings.schedule).toContainText('No schedule');
  await app.screenshot(testInfo, 'settings-defaults');

  // A refused value says why and stays in the field, so nothing typed is lost.
  await settings.enter('Start after idle for', 'soon');
  await expect(page.getByRole('alert').filter({ hasText: 'Enter a number of minutes' })).toBeVisible();
  await expect(settings.field('Start after idle for')).toHaveValue('soon');
  await expect(settings.field('Start after idle for')).toHaveAttribute('aria-invalid', 'true');
  await settings.enter('Start after idle for', '5');
  await expect(settings.field('Start after idle for')).not.toHaveAttribute('aria-invalid');

  // click, not check(): the radio shows the engine's value, which arrives a moment after the click.
  await settings.radio('Keep mining gently in the background').click();
  await expect(settings.radio('Keep mining gently in the background')).toBeChecked();
  await expect(settings.field('Gentle mining uses')).toBeEnabled();
  await settings.enter('Gentle mining uses', '99');
  await expect(page.getByRole('alert').filter({ hasText: 'between 5 % and 95 %' })).toBeVisible();
  await settings.enter('Gentle mining uses', '40');

  await settings.toggle('Pause on battery').click();
  await expect(settings.toggle('Pause on battery')).not.toBeChecked();
  await settings.enter('Pause above', '75');

  // A weekly window: untick every weekday first to see the editor refuse an empty window.
  await settings.schedule.getByRole('button', { name: 'Add a window' }).click();
  const window1 = settings.window(1);
  for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) await window1.getByRole('checkbox', { name: day }).uncheck();
  await expect(window1).toContainText('Choose at least one day');
  await expect(settings.schedule.getByRole('button', { name: 'Save schedule' })).toBeDisabled();
  await window1.getByRole('checkbox', { name: 'Saturday' }).check();
  await window1.getByRole('checkbox', { name: 'Sunday' }).check();
  await window1.getByLabel('From').fill('08:00');
  await window1.getByLabel('Until').fill('20:30');
  await settings.schedule.getByRole('button', { name: 'Save schedule' }).click();
  await expect(settings.schedule).toContainText('Mining may run only weekends, 08:00–20:30.');

  await settings.programs.getByLabel('Program name').fill('steam');
  await settings.programs.getByRole('button', { name: 'Add' }).click();
  // The duplicate check reads the engine's list, so wait for the first add to be saved and shown.
  await expect(settings.programs.getByRole('list')).toContainText('steam');
  await settings.programs.getByLabel('Program name').fill('STEAM');
  await settings.programs.getByRole('button', { name: 'Add' }).click();
  await expect(settings.programs.getByRole('alert')).toContainText('already on the list');
  await settings.programs.getByLabel('Program name').fill('blender');
  await settings.programs.getByLabel('Program name').press('Enter');
  await expect(settings.programs.getByRole('list')).toContainText('blender');

  await settings.toggle('Dedicated rig').click();
  await expect(settings.toggle('Dedicated rig')).toBeChecked();
  await expect(settings.field('Start after idle for')).toBeDisabled();
  await app.screenshot(testInfo, 'settings-changed');

  await page.reload();
  await app.nav('Settings').click();
  await expect(settings.field('Start after idle for')).toHaveValue('5');
  await expect(settings.radio('Keep mining gently in the background')).toBeChecked();
  await expect(settings.field('Gentle mining uses')).toHaveValue('40');
  await expect(settings.toggle('Pause on battery')).not.toBeChecked();
  await expect(settings.field('Pause above')).toHaveValue('75');
  await expect(settings.window(1).getByRole('checkbox', { name: 'Saturday' })).toBeChecked();
  await expect(settings.window(1).getByRole('checkbox', { name: 'Monday' })).not.toBeChecked();
  await expect(settings.window(1).getByLabel('Until')).toHaveValue('20:30');
  await expect(settings.programs.getByRole('listitem')).toHaveText(['steamRemove', 'blenderRemove']);
  await expect(settings.toggle('Dedicated rig')).toBeChecked();

  await settings.programs.getByRole('button', { name: 'Remove steam' }).click();
  await expect(settings.programs.getByRole('listitem')).toHaveText(['blenderRemove']);
});

test('a schedule that excludes now pauses a running miner, and the Mining page names the schedule', async ({ page, host }, testInfo) => {
  const app = new MinerApp(page);
  const settings = new SettingsView(page);
  const mining = new MiningView(page);
  await app.open(host.url);
  await app.nav('Settings').click();
  await settings.toggle('CPU mode').click();
  await expect(settings.toggle('CPU mode')).toBeChecked();
  await settings.toggle('Dedicated rig').click();
  await expect(settings.toggle('Dedicated rig')).toBeChecked();

  // A one-hour window every day, starting two hours from now in the browser's clock, which the
  // engine shares on this machine: whatever the time, now is outside it.
  const later = new Date(Date.now() + 2 * 3600_000);
  const hh = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:00`;
  await settings.schedule.getByRole('button', { name: 'Add a window' }).click();
  for (const day of ['Sunday', 'Saturday']) await settings.window(1).getByRole('checkbox', { name: day }).check();
  await settings.window(1).getByLabel('From').fill(hh(later));
  await settings.window(1).getByLabel('Until').fill(hh(new Date(later.getTime() + 3600_000)));
  await settings.schedule.getByRole('button', { name: 'Save schedule' }).click();
  await expect(settings.schedule).toContainText('every day');

  await app.nav('Mining').click();
  await mining.start.click();
  await expect(mining.status).toHaveText(pauseReasonWords['outside-schedule']);
  await expect(mining.statusCard).toContainText(`Your schedule allows mining every day, ${hh(later)}`);
  await app.screenshot(testInfo, 'mining-outside-schedule');
  await mining.statusCard.getByRole('button', { name: 'Change this in Settings' }).click();
  await expect(app.heading('Settings')).toBeVisible();
});

test.describe('a mixed rig (simulated hardware file, not this machine)', () => {
  const mixedRig = new URL('../fixtures/mixed-rig.json', import.meta.url).pathname;
  test.use({ hostOptions: { simulateHardware: mixedRig } });

  test('each supported GPU has a switch that is kept, and the Mining page shows live readings and which GPUs are off', async ({ page, host: rig }, testInfo) => {
    const app = new MinerApp(page);
    const settings = new SettingsView(page);
    await app.open(rig.url);
    await app.nav('Settings').click();
    await expect(settings.toggle('NVIDIA GeForce RTX 3060')).toBeChecked();
    // Unsupported cards are listed with the reason and cannot be switched on.
    await expect(settings.toggle('NVIDIA GeForce GTX 1050')).toBeDisabled();
    await expect(page.getByText('Too little video memory: 2 GB')).toBeVisible();

    await settings.toggle('NVIDIA GeForce RTX 3060').click();
    await expect(settings.toggle('NVIDIA GeForce RTX 3060')).not.toBeChecked();
    await page.reload();
    await app.nav('Settings').click();
    await expect(settings.toggle('NVIDIA GeForce RTX 3060')).not.toBeChecked();
    await expect(settings.toggle('AMD Radeon RX 7900 XTX')).toBeChecked();
    await app.screenshot(testInfo, 'settings-gpus');

    await app.nav('Mining').click();
    const rtx = app.gpu('NVIDIA GeForce RTX 3060');
    await expect(rtx).toContainText('Switched off in Settings');
    await expect(rtx).toContainText('37 %');
    await expect(rtx).toContainText('61 °C');
    await expect(rtx.getByRole('meter', { name: 'NVIDIA GeForce RTX 3060 utilisation' })).toHaveAttribute('aria-valuenow', '37');
    await expect(app.gpu('AMD Radeon RX 7900 XTX')).toContainText('Ready to mine');
    await expect(app.gpu('AMD Radeon RX 7900 XTX')).toContainText('48 °C');
    await app.screenshot(testInfo, 'mining-mixed-rig');
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.screenshot(testInfo, 'mining-mixed-rig-dark');
  });
});

test('the WalletConnect relay URL refuses an unencrypted remote relay, keeps a wss:// one across a reload, and empties back to the default', async ({ page, host }) => {
  const app = new MinerApp(page);
  const settings = new SettingsView(page);
  await app.open(host.url);
  await app.nav('Settings').click();
  const relay = settings.field('Relay URL');
  await expect(relay).toHaveValue('');
  await expect(relay).toHaveAttribute('placeholder', 'wss://relay.walletconnect.org');

  await settings.enter('Relay URL', 'ws://relay.example.com');
  await expect(page.getByRole('alert').filter({ hasText: 'allowed only on this computer' })).toBeVisible();
  await expect(relay).toHaveAttribute('aria-invalid', 'true');
  await settings.enter('Relay URL', 'wss://relay.example.com');
  await expect(relay).not.toHaveAttribute('aria-invalid');
  await expect(relay).toHaveAttribute('placeholder', 'wss://relay.example.com');

  await page.reload();
  await app.nav('Settings').click();
  await expect(relay).toHaveValue('wss://relay.example.com');
  await settings.enter('Relay URL', '');
  await expect(relay).toHaveAttribute('placeholder', 'wss://relay.walletconnect.org');
  await page.reload();
  await app.nav('Settings').click();
  await expect(relay).toHaveValue('');
});

test('Get started offers start at login only where the desktop app can set it, and says why here', async ({ page, host }) => {
  const app = new MinerApp(page);
  await app.open(host.url);
  await app.nav('Get started').click();
  const step = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Start mining' }) });
  await expect(step).toContainText('cannot add itself to your login');
  await expect(step.getByRole('checkbox', { name: 'Start at login' })).toHaveCount(0);
});

test('Get started offers start at login checked and saves it with Start mining, no extra click (desktop app simulated: the socket reports the electron transport, as no Electron runs here)', async ({
  page,
  host,
}) => {
  // The headless engine refuses start at login, rightly: the test plays the desktop app's engine
  // for that one setting, and passes everything else through to the real one.
  const saved: unknown[] = [];
  let loginItem = false;
  await page.routeWebSocket(/\/rpc/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const call = JSON.parse(String(message)) as { method?: string; params?: Record<string, unknown> };
      if (call.method === 'updateSettings' && call.params && 'startAtLogin' in call.params) {
        const { startAtLogin, ...rest } = call.params;
        saved.push({ startAtLogin });
        loginItem = startAtLogin === true;
        server.send(JSON.stringify({ ...call, params: rest }));
      } else server.send(message);
    });
    server.onMessage((message) => {
      const text = String(message).replaceAll('"transport":"headless"', '"transport":"electron"');
      ws.send(loginItem ? text.replaceAll('"startAtLogin":false', '"startAtLogin":true') : text);
    });
  });
  const app = new MinerApp(page);
  const mining = new MiningView(page);
  await app.open(host.url);
  await app.nav('Get started').click();
  await page.getByRole('button', { name: 'Contribute with CPU' }).click();
  const step = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Start mining' }) });
  const offer = step.getByRole('checkbox', { name: 'Start at login' });
  await expect(offer).toBeChecked();
  await expect(step).toContainText('Saved when you press Start mining');
  expect(saved).toEqual([]);

  await step.getByRole('button', { name: 'Start mining' }).click();
  await expect.poll(() => saved).toEqual([{ startAtLogin: true }]);
  await expect(offer).toBeChecked();
  await expect(step).toContainText('You can change this in Settings too');
  await expect(mining.stop).toBeVisible();
  await mining.stop.click();
});


test('the theme: Dark turns a light system’s page dark and stays after a reload; Light holds on a dark system', async ({ page, host }, testInfo) => {
  await page.emulateMedia({ colorScheme: 'light' });
  const app = new MinerApp(page);
  const settings = new SettingsView(page);
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await app.open(host.url);
  await app.nav('Settings').click();
  await expect(settings.radio('Match the system')).toBeChecked();
  const light = await background();

  await settings.radio('Dark').click();
  await expect(settings.radio('Dark')).toBeChecked();
  await expect.poll(background).not.toBe(light);
  const dark = await background();
  await app.screenshot(testInfo, 'settings-dark');
  await page.reload();
  await expect(app.heading('Get started')).toBeVisible();
  await expect.poll(background).toBe(dark);

  // Back to the system's choice, which follows the system as it changes.
  await app.nav('Settings').click();
  await settings.radio('Match the system').click();
  await expect(settings.radio('Match the system')).toBeChecked();
  await expect.poll(background).toBe(light);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(background).toBe(dark);
  await settings.radio('Light').click();
  await expect(settings.radio('Light')).toBeChecked();
  await expect.poll(background).toBe(light);
});
