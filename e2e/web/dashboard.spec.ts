import { expect, test } from '../support/fixtures';
import { MinerApp } from '../support/miner-app';
import { formatTokens } from '../../renderer/src/amounts';

// `plexai devnet --mine` with 6-second epochs: the miner earns for the dev wallet, an epoch
// settles and its root lands on chain, the Dashboard shows the claimable amount, and one claim
// (fee shown first) moves it into the wallet's PLEXAI balance on chain and on screen.
test.describe('the Dashboard on the devnet', () => {
  test.use({ devnetOptions: { mine: true, epochSeconds: 6 } });

  test('mine until an epoch settles, see the claimable reward with its reasons and the network figures, claim it into the wallet', async ({ page, devnet, chain: contracts }, testInfo) => {
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
    // One settled epoch reads "over 1 point", more "over N points".
    const chart = page.getByRole('img', { name: /Mining rewards, day: .* PLEXAI over \d+ points?$/ });
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

    // The fee is shown beside the button before anything is signed; one click claims.
    await expect(page.getByTestId('mining-gas-fee')).toHaveText(/^(< )?0\.\d+ ETH$/);
    await app.screenshot(testInfo, 'dashboard-claim-fee');
    await page.getByRole('button', { name: 'Claim mining rewards' }).click();

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

  test('stake from the empty stake distribution; the donut, the staked figure, the total and the transactions feed show it; staking rewards are claimed in one click', async ({ page, devnet, chain: contracts }, testInfo) => {
    test.setTimeout(60_000);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const app = new MinerApp(page);
    await app.open(devnet.url);
    await app.nav('Dashboard').click();

    // Nothing staked: the panel says so and leads to the Staking page.
    const distribution = page.getByRole('region', { name: 'Stake distribution' });
    await expect(distribution).toContainText('Nothing staked yet. Lock PLEXAI for 30 days to 1 year to earn up to 40 % APY.', { timeout: 20_000 });
    await distribution.getByRole('button', { name: 'Stake PLEXAI' }).click();
    await expect(app.heading('Staking')).toBeVisible();
    await page.getByRole('radio', { name: /^90 days/ }).check();
    await page.getByLabel('Amount (PLEXAI)').fill('2500');
    await page.getByRole('button', { name: 'Approve and stake' }).click();
    await expect(page.locator('.staking-activity')).toContainText(/Confirmed\s*Staked 2,500 PLEXAI/, { timeout: 30_000 });

    await app.nav('Dashboard').click();
    await expect(page.getByRole('img', { name: 'Staked PLEXAI by lock period: 2,500 PLEXAI for 90 days (100 %)' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Staked PLEXAI by lock period' }).getByRole('row', { name: /90 days/ })).toContainText('2,500 PLEXAI');
    await expect(page.getByTestId('next-unlock')).toContainText('Next unlock: 2,500 PLEXAI on');
    await expect(page.getByTestId('plexai-staked')).toHaveText('2,500 PLEXAI');
    await expect(page.getByTestId('plexai-held')).toHaveText(`${formatTokens(await contracts.token.balanceOf(devnet.devWalletAddress))} PLEXAI`);
    // The total is what the overview lists (held, staked, claimable), at the devnet's fixed $1.
    const figure = async (id: string) => Number((await page.getByTestId(id).textContent())!.replace(/[^\d.]/g, ''));
    await expect
      .poll(async () => Math.abs((await figure('total-usd')) - ((await figure('plexai-held')) + (await figure('plexai-staked')) + (await figure('plexai-claimable')))), { timeout: 15_000 })
      .toBeLessThan(0.02);

    // The feed leads with the stake; the devnet's funding of the dev wallet is further down. No explorer on the devnet.
    const feed = page.getByRole('table', { name: 'Recent transactions' });
    const newest = feed.getByRole('row').nth(1);
    await expect(newest).toContainText('Staked');
    await expect(newest).toContainText('\u22122,500 PLEXAI');
    await expect(newest).toContainText('Local devnet');
    await expect(feed.getByRole('row', { name: /Received.*\+100,000 PLEXAI/ })).toBeVisible();
    await app.screenshot(testInfo, 'dashboard-staked');

    // One click claims the staking reward, fee first; the feed then leads with the claim.
    const stakingRewards = page.getByRole('group', { name: 'Staking rewards', exact: true });
    await expect(page.getByTestId('claimable-staking')).not.toHaveText('0');
    await expect(page.getByTestId('staking-gas-fee')).toHaveText(/^(< )?0\.\d+ ETH$/);
    await stakingRewards.getByRole('button', { name: 'Claim staking rewards' }).click();
    await expect(stakingRewards.getByRole('status')).toContainText(/Claimed [\d.,]+ PLEXAI of staking rewards from 1 position\./, { timeout: 20_000 });
    await expect(newest).toContainText('Staking reward claimed');
    await expect(newest).toContainText('Confirmed');
    await app.screenshot(testInfo, 'dashboard-staking-claimed');
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.screenshot(testInfo, 'dashboard-staking-claimed-dark');
  });
});
