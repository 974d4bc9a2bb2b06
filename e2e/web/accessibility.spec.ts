import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { pauseReasonWords } from '../../src/common/mining-status';
import { expect, test } from '../support/fixtures';
import { MinerApp, MiningView, SettingsView, WalletView } from '../support/miner-app';

// The app's pages, audited by axe-core as a screen-reader and keyboard user meets them, in both
// themes, and walked with the keyboard alone, on one devnet (the dev wallet connected).

const pages = ['Get started', 'Hardware', 'Mining', 'Wallet', 'Dashboard', 'Staking', 'Settings'] as const;

/**
 * Audits the page as it shows now against WCAG 2.1 A and AA, the level the "keyboard and
 * screen-reader usable" is held to. Soft: one run lists every page's violations, each rule with the
 * elements it found, and attaches axe's full findings.
 */
async function audit(page: Page, testInfo: TestInfo, name: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  if (violations.length > 0) await testInfo.attach(`axe ${name}`, { body: JSON.stringify(violations, null, 2), contentType: 'application/json' });
  const found = violations.map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect.soft(found, `axe violations on ${name}`).toEqual([]);
  expect.soft(await faintFields(page), `fields too faint to find or read on ${name}`).toEqual([]);
}

/**
 * What axe does not check on text fields and drop-downs: the border, all that shows where the field
 * is, at 3:1 against the field's background (WCAG 1.4.11, non-text contrast), and the placeholder
 * of an empty field, text like any other, at 4.5:1 (1.4.3).
 */
function faintFields(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const luminance = (css: string) => {
      const [r, g, b] = css.match(/[\d.]+/g)!.slice(0, 3).map((c) => {
        const v = Number(c) / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const contrast = (one: string, other: string) => {
      const [a, b] = [luminance(one), luminance(other)].sort((x, y) => y - x);
      return (a! + 0.05) / (b! + 0.05);
    };
    const fields = [...document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input:not([type=checkbox]):not([type=radio]), select')].filter((f) => f.checkVisibility());
    return fields.flatMap((field) => {
      const name = field.labels?.[0]?.textContent?.trim() || field.getAttribute('aria-label') || field.outerHTML.slice(0, 80);
      const background = getComputedStyle(field).backgroundColor;
      const faint: string[] = [];
      const edge = contrast(getComputedStyle(field).borderTopColor, background);
      if (edge < 3) faint.push(`${name}, edge: ${edge.toFixed(2)}:1`);
      if (field instanceof HTMLInputElement && field.placeholder && !field.value) {
        const placeholder = contrast(getComputedStyle(field, '::placeholder').color, background);
        if (placeholder < 4.5) faint.push(`${name}, placeholder: ${placeholder.toFixed(2)}:1`);
      }
      return faint;
    });
  });
}

for (const theme of ['light', 'dark'] as const) {
  test(`every page passes WCAG 2.1 AA in the ${theme} theme`, async ({ page, devnet }, testInfo) => {
    test.setTimeout(120_000);
    // The system's scheme and the owner's setting (Settings → Appearance) agree, so every colour is this theme's.
    await page.emulateMedia({ colorScheme: theme });
    const app = new MinerApp(page);
    const settings = new SettingsView(page);
    await app.open(devnet.url);
    await app.nav('Settings').click();
    await settings.radio(theme === 'light' ? 'Light' : 'Dark').click();
    await expect(page.locator('html')).toHaveCSS('color-scheme', theme);
    for (const name of pages) {
      await app.nav(name).click();
      await expect(app.heading(name)).toBeVisible();
      // The page as it settles, not its loading state: each spinner gives way to what it reads
      // (the hardware check on a loaded box has taken over 10 s).
      await expect(page.locator('main .spinner')).toHaveCount(0, { timeout: 30_000 });
      await audit(page, testInfo, `${name} (${theme})`);
      await app.screenshot(testInfo, `${name} ${theme}`);
    }
  });
}

/** The focused element as a sighted keyboard user sees it: on screen, marked as keyboard focus, with a ring drawn. */
async function expectVisibleFocus(page: Page) {
  const focused = page.locator(':focus');
  await expect(focused).toHaveCount(1);
  await expect(focused).toBeInViewport();
  await expect(page.locator(':focus-visible')).toHaveCount(1);
  await expect(focused).not.toHaveCSS('outline-style', 'none');
  await expect(focused).not.toHaveCSS('outline-width', '0px');
}

/** Presses `key` until `target` has focus, checking at every stop on the way that the focus can be seen. */
async function pressUntilFocused(page: Page, key: 'Tab' | 'Shift+Tab', target: Locator, most = 40) {
  for (let i = 0; i < most; i++) {
    await page.keyboard.press(key);
    await expectVisibleFocus(page);
    if ((await target.and(page.locator(':focus')).count()) === 1) return;
  }
  throw new Error(`${most} presses of ${key} never reached ${target}`);
}

test('with the keyboard alone: skip to the page, go to Mining through the navigation, start and stop mining, focus always in sight', async ({ page, devnet }, testInfo) => {
  test.setTimeout(90_000);
  const app = new MinerApp(page);
  const mining = new MiningView(page);
  await app.open(devnet.url);
  await expect(app.heading('Get started')).toBeVisible();

  // The first Tab offers the skip link, shown on screen; Enter moves past the sidebar.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Skip to the page' })).toBeFocused();
  await expectVisibleFocus(page);
  await app.screenshot(testInfo, 'keyboard-skip-link');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  await expectVisibleFocus(page);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('main').locator(':focus')).toHaveCount(1);
  await expectVisibleFocus(page);

  // Back up into the navigation, and on to Mining.
  await pressUntilFocused(page, 'Shift+Tab', app.nav('Mining'));
  await page.keyboard.press('Enter');
  await expect(app.heading('Mining')).toBeVisible();
  await expect(app.nav('Mining')).toHaveAttribute('aria-current', 'page');

  await pressUntilFocused(page, 'Tab', mining.start);
  await page.keyboard.press('Space');
  // Without a supported GPU the engine asks for CPU mode first: the offer is the next Tab stop, and
  // once it has started mining the focus goes to the new status, which is read out.
  const cpuOffer = mining.statusCard.getByRole('button', { name: 'Turn on CPU mode and start' });
  await expect(mining.stop.or(cpuOffer)).toBeVisible();
  if (await cpuOffer.isVisible()) {
    await expect(mining.start).toBeFocused();
    await pressUntilFocused(page, 'Tab', cpuOffer, 1);
    await page.keyboard.press('Enter');
    await expect(mining.status).toBeFocused();
    await expectVisibleFocus(page);
    await pressUntilFocused(page, 'Shift+Tab', mining.stop, 1);
  }
  // The button pressed keeps the focus, now as Stop.
  await expect(mining.stop).toBeFocused();
  await expectVisibleFocus(page);
  await app.screenshot(testInfo, 'keyboard-mining');
  // Mining has its own status, colours and worker table: audited too.
  await audit(page, testInfo, 'Mining while mining');
  await page.keyboard.press('Enter');
  await expect(mining.status).toHaveText(pauseReasonWords.stopped);
  await expect(mining.start).toBeFocused();
  await expectVisibleFocus(page);
});

// Last in the file: it leaves the devnet with a stake and without a wallet.
test('the states an owner meets on the way pass too, the theme following the system: a refused setting, a stake and its unstake warning, the pairing code, no wallet', async ({ page, devnet }, testInfo) => {
  test.setTimeout(120_000);
  const app = new MinerApp(page);
  const settings = new SettingsView(page);
  const wallet = new WalletView(page);
  /** Audits the page as it shows now in the system's light scheme, then its dark one. */
  const auditBoth = async (name: string) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await audit(page, testInfo, `${name} (system ${colorScheme})`);
    }
  };
  await app.open(devnet.url);
  await app.nav('Settings').click();
  await settings.radio('Match the system').click();
  await expect(settings.radio('Match the system')).toBeChecked();

  await settings.enter('Start after idle for', 'soon');
  await expect(page.getByRole('alert').filter({ hasText: 'Enter a number of minutes' })).toBeVisible();
  await auditBoth('Settings, a refused value');
  await settings.enter('Start after idle for', '2');

  await app.nav('Staking').click();
  await page.getByRole('radio', { name: /^30 days/ }).check();
  await page.getByLabel('Amount (PLEXAI)').fill('1000');
  await expect(page.getByText(/^Projected reward:/)).toBeVisible();
  await auditBoth('Staking, the projected reward');
  await page.getByRole('button', { name: 'Approve and stake' }).click();
  const position = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Position \d+:/ }) });
  await expect(position).toBeVisible({ timeout: 30_000 });
  // The early-unstake warning, opened and closed from the keyboard: the focus goes in to the safe
  // answer and comes back to the button that opened it.
  const unstake = position.getByRole('button', { name: 'Unstake…' });
  const keepStaking = position.getByRole('button', { name: 'Keep staking' });
  await unstake.focus();
  await page.keyboard.press('Enter');
  await expect(position.getByRole('alertdialog')).toBeVisible();
  await expect(keepStaking).toBeFocused();
  await auditBoth('Staking, the unstake warning');
  await page.keyboard.press('Enter');
  await expect(position.getByRole('alertdialog')).toHaveCount(0);
  await expect(unstake).toBeFocused();
  // Escape closes it too.
  await page.keyboard.press('Enter');
  await expect(keepStaking).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(position.getByRole('alertdialog')).toHaveCount(0);
  await expect(unstake).toBeFocused();

  await app.nav('Wallet').click();
  await wallet.disconnect.click();
  await wallet.connect.click();
  await expect(wallet.qrCode).toBeVisible();
  await auditBoth('Wallet, the pairing code');
  await wallet.cancel.click();
  for (const name of ['Get started', 'Dashboard', 'Staking'] as const) {
    await app.nav(name).click();
    await expect(app.heading(name)).toBeVisible();
    await expect(page.locator('main .spinner')).toHaveCount(0, { timeout: 30_000 });
    await auditBoth(`${name}, no wallet`);
  }
});
