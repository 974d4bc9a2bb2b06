import { expect, test } from '@playwright/test';
import { noWalletState } from '../../src/common/api';
import { startHost, type RunningHost } from '../support/host';
import { MinerApp, WalletView } from '../support/miner-app';

test.describe('a miner started without a wallet connection', () => {
  let host: RunningHost;
  test.beforeAll(async () => {
    host = await startHost();
  });
  test.afterAll(async () => host.stop());

  test('the Wallet page and the wallet step of Get started say why, and offer no button that cannot work', async ({ page }, testInfo) => {
    const app = new MinerApp(page);
    const wallet = new WalletView(page);
    await app.open(host.url);
    await app.nav('Wallet').click();
    await expect(app.heading('Wallet')).toBeVisible();
    await expect(page.getByText('Connecting a wallet is not available in this miner.')).toBeVisible();
    await expect(page.getByText(noWalletState.unavailableReason!)).toBeVisible();
    await expect(wallet.connect).toHaveCount(0);
    await expect(wallet.devWallet).toHaveCount(0);
    await app.screenshot(testInfo, 'wallet-unavailable');

    await app.nav('Get started').click();
    const step = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Connect your wallet' }) });
    await expect(step).toContainText(noWalletState.unavailableReason!);
    await expect(step.getByRole('heading', { name: /\(done\)/ })).toHaveCount(0);
  });
});
