import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { findElectron } from '../../src/cli/electron';

const electronApp = findElectron();

test('the desktop app opens its window on Get started, or on Mining for an owner who has mined', async () => {
  if ('unavailable' in electronApp) {
    const reason = `Electron cannot run here: ${electronApp.unavailable}`;
    console.log(`[electron] skipped: ${reason}`);
    test.skip(true, reason);
    return;
  }
  const app = await electron.launch({ args: ['.'] });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('heading', { level: 1, name: /^(Get started|Mining)$/ })).toBeVisible();
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { plexai?: { getState?: unknown } }).plexai?.getState)).toBe('function');
  } finally {
    await app.close();
  }
});

/** Runs `use` on a launched app, skipped with the reason where Electron cannot run, and always closes the app. */
async function withApp(use: (app: ElectronApplication) => Promise<void>): Promise<void> {
  test.skip('unavailable' in electronApp, `Electron cannot run here: ${'unavailable' in electronApp ? electronApp.unavailable : ''}`);
  const app = await electron.launch({ args: ['.'] });
  try {
    await use(app);
  } finally {
    await app.close();
  }
}

test('the window is locked down: no Node in the page, no new windows, no navigation away, a CSP that blocks inline scripts', async () => {
  await withApp(async (app) => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    const ownPage = page.url();

    // contextIsolation and the sandbox: the page sees only the preload's plexai API.
    expect(await page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual([
      'undefined',
      'undefined',
    ]);

    // A new window is refused (and example.com is no site the system browser may be sent to).
    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);

    // Navigation away is cancelled in the main process before it starts.
    await app.evaluate(({ BrowserWindow }) => {
      const seen: { url: string; prevented: boolean }[] = [];
      (globalThis as { navigations?: typeof seen }).navigations = seen;
      for (const window of BrowserWindow.getAllWindows()) {
        window.webContents.on('will-navigate', (event, url) => seen.push({ url, prevented: event.defaultPrevented }));
      }
    });
    await page.evaluate(() => {
      (globalThis as { stillHere?: boolean }).stillHere = true;
      location.href = 'https://example.com/';
    });
    await expect
      .poll(() => app.evaluate(() => (globalThis as { navigations?: unknown[] }).navigations))
      .toEqual([{ url: 'https://example.com/', prevented: true }]);
    expect(page.url()).toBe(ownPage);
    expect(await page.evaluate(() => (globalThis as { stillHere?: boolean }).stillHere)).toBe(true);

    // The page's CSP allows only its own scripts: an injected inline script never runs.
    const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'));
    expect(csp).toContain("script-src 'self'");
    expect(
      await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = '(globalThis).inlineRan = true';
        document.head.append(script);
        return (globalThis as { inlineRan?: boolean }).inlineRan ?? false;
      }),
    ).toBe(false);
  });
});

test('closing the window keeps the app in the tray and records the first-close notice; a second launch shows the window again', async () => {
  const binary = 'binary' in electronApp ? electronApp.binary : '';
  await withApp(async (app) => {
    await (await app.firstWindow()).waitForLoadState('domcontentloaded');
    const mainWindowVisible = () =>
      app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().find((w) => w.webContents.getURL().endsWith('/index.html'))?.isVisible() ?? null);
    await expect.poll(mainWindowVisible).toBe(true);

    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().find((w) => w.webContents.getURL().endsWith('/index.html'))?.close());
    await expect.poll(mainWindowVisible).toBe(false);
    const userData = await app.evaluate((shell) => shell.app.getPath('userData'));
    await expect.poll(() => readFile(join(userData, 'notices.json'), 'utf8').catch(() => '')).toContain('closed-to-tray');

    // The second instance hands over to the first and quits.
    const second = spawn(binary, ['.'], { stdio: 'ignore' });
    expect(await new Promise((resolve) => second.once('exit', resolve))).toBe(0);
    await expect.poll(mainWindowVisible).toBe(true);
  });
});

test('IPC answers only our own page: another page given the same preload is refused', async () => {
  await withApp(async (app) => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(await page.evaluate(() => (globalThis as unknown as { plexai: { getState(params: object): Promise<object> } }).plexai.getState({}))).toHaveProperty('result');

    const foreign = await app.evaluate(async ({ BrowserWindow }, preload) => {
      const window = new BrowserWindow({ show: false, webPreferences: { preload, contextIsolation: true, sandbox: true } });
      try {
        await window.loadURL('data:text/html,<title>not ours</title>');
        return (await window.webContents.executeJavaScript('window.plexai.getState({})')) as unknown;
      } finally {
        window.destroy();
      }
    }, join(process.cwd(), 'dist', 'main', 'preload.cjs'));
    expect(foreign).toEqual({ error: { code: -32600, message: 'Untrusted sender' } });
  });
});
