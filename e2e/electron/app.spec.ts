import { _electron as electron, expect, test } from '@playwright/test';
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
