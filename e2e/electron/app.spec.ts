import { _electron as electron, expect, test } from '@playwright/test';
import { findElectron } from '../../src/cli/electron';

const electronApp = findElectron();

test('the desktop app opens its window on the hardware view', async () => {
  test.skip('unavailable' in electronApp, `Electron cannot run here: ${'unavailable' in electronApp ? electronApp.unavailable : ''}`);
  const app = await electron.launch({ args: ['.'] });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('heading', { level: 1, name: 'Hardware' })).toBeVisible();
    expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => typeof window.plexai?.getState)).toBe('function');
  } finally {
    await app.close();
  }
});
