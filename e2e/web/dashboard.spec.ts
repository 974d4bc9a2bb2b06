import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { JsonRpcProvider } from 'ethers';
import { connectPlexAi } from '../../src/chain';
import { DevnetDescriptorSchema } from '../../src/devnet/descriptor';
import { startDevnet, type RunningDevnet } from '../support/host';
import { MinerApp } from '../support/miner-app';
import { formatTokens } from '../../renderer/src/amounts';

// `plexai devnet --mine` with 6-second epochs: the miner earns for the dev wallet, an epoch
// settles and its root lands on chain, the Dashboard shows the claimable amount, and one claim
// (fee shown first) moves it into the wallet's PLEXAI balance on chain and on screen.
test.describe('the Dashboard on the devnet', () => {
  let devnet: RunningDevnet;
  let provider: JsonRpcProvider;
  test.beforeAll(async () => {
    test.setTimeout(150_000);
    devnet = await startDevnet({ mine: true, epochSeconds: 6 });
    const descriptor = DevnetDescriptorSchema.parse(JSON.parse(readFileSync(join(devnet.dataDir, 'devnet.json'), 'utf8')));
    provider = new JsonRpcProvider(descriptor.rpcUrl, descriptor.chainId, { staticNetwork: true });
    contracts = connectPlexAi(descriptor.addresses, provider);
  });
  let contracts: ReturnType<typeof connectPlexAi>;
  test.afterAll(async () => {
    provider?.destroy();
    await devnet?.stop();
  });

  test('mine until an epoch settles, see the claimable reward with its reasons and the network figures, claim it into the wallet', async ({ page }, testInfo) => {
    test.setTimeout(60_000);
    // Reduced motion: the success animation is skipped, as the owner's setting asks, so screenshots show it settled.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const app = new MinerApp(page);
    await app.open(devnet.url);
    await app.nav('Dashboard').click();
    await expect(app.heading('Dashboard')).toBeVisible();

    // An epoch settles with this miner's credits: the claimable amount appears without a reload.
    const claimable = page.getByTestId('claimable-amount');
    await expect(claimable).not.toHaveText('0', { timeout: 40_000 });
    const history = page.getByRole('table', { name: 'Mining rewards per epoch' });
    await expect(history.getByRole('row').nth(1)).toContainText(/\d+ tasks?/);
    const stats = page.getByRole('region', { name: 'Network statistics' });
    await expect(page.getByTestId('active-nodes')).not.toHaveText('0');
    await expect(stats).toContainText('Aggregate compute');
    await expect(page.getByText(/fixed at \$1\.00 per PLEXAI, not a market price/)).toBeVisible();
    // The earnings trend plots the settled epochs; the arrow keys read them out.
    const chart = page.getByRole('img', { name: /Mining rewards, day: .* PLEXAI over \d+ points/ });
    await expect(chart).toBeVisible();
    await chart.focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByText(/^Epoch \d+, ended .*: .* PLEXAI$/)).toBeVisible();
    await page.getByRole('radio', { name: 'Week' }).click();
    await expect(page.getByRole('img', { name: /Mining rewards, week: .* over 7 points/ })).toBeVisible();
    await app.screenshot(testInfo, 'dashboard-claimable');

    const account = devnet.devWalletAddress;
    const balanceBefore = await contracts.token.balanceOf(account);
    const claimedBefore = await contracts.miningRewards.claimed(account);

    // The fee is shown before anything is signed.
    await page.getByRole('button', { name: 'Claim rewards' }).click();
    const confirm = page.getByRole('group', { name: /Claim .* PLEXAI\?/ });
    await expect(confirm).toBeVisible();
    await expect(page.getByTestId('gas-fee')).toHaveText(/^(< )?0\.\d+ ETH$/);
    await app.screenshot(testInfo, 'dashboard-claim-confirm');
    await confirm.getByRole('button', { name: 'Confirm claim' }).click();

    await expect(page.getByRole('status').filter({ hasText: /Claimed .* PLEXAI/ })).toBeVisible({ timeout: 20_000 });
    await app.screenshot(testInfo, 'dashboard-claimed');

    // On chain: exactly what MiningRewards paid out moved into the wallet.
    const paid = (await contracts.miningRewards.claimed(account)) - claimedBefore;
    expect(paid).toBeGreaterThan(0n);
    const balanceAfter = await contracts.token.balanceOf(account);
    expect(balanceAfter - balanceBefore).toBe(paid);
    // On screen: the wallet's balance follows.
    await expect(page.getByTestId('plexai-held')).toHaveText(`${formatTokens(balanceAfter)} PLEXAI`, { timeout: 15_000 });

    // The Mining page's earnings line now names the last settled epoch's figure.
    await app.nav('Mining').click();
    await expect(page.getByTestId('epoch-earnings')).toContainText(/Epoch \d+ paid .* PLEXAI/);
  });
});
