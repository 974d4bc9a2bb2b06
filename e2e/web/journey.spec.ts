import { displayTokenAmount, earlyUnstakePenalty, projectedReward } from '../../src/common/staking';
import { formatTokens } from '../../renderer/src/amounts';
import { plexai } from '../../renderer/src/staking';
import { expect, test } from '../support/fixtures';
import { MinerApp, MiningView, WalletView } from '../support/miner-app';

// The whole walk of a new owner on `plexai devnet`, with a real WalletConnect wallet on the other
// side of the devnet's relay (a "phone" in this process that signs with its own devnet key):
// onboard → pair the phone → mine until an epoch settles → claim the mining rewards through the
// phone → stake all of them → unstake early, and see exactly 10 % of the principal kept, on
// screen and on chain. Every page is saved as a screenshot.

const THIRTY_DAYS = { apyBps: 800, durationSeconds: 30 * 24 * 60 * 60 };

test.use({ devnetOptions: { epochSeconds: 6 } });

test('onboard with a phone wallet, mine until an epoch settles, claim, stake it all, unstake early: exactly 10 % is kept', async ({ page, devnet, chain, balance, phones }, testInfo) => {
  // Benchmark, a settled epoch and five transactions on a loaded 2-core box.
  test.setTimeout(300_000);
  const phone = await phones.start({ answer: 'approve', sendsTransactions: true });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const app = new MinerApp(page);
  const wallet = new WalletView(page);
  const mining = new MiningView(page);
  await app.open(devnet.url);

  // ── Get started: hardware, benchmark, wallet, start ─────────────────────────────────────────
  // A new owner lands here.
  await expect(app.heading('Get started')).toBeVisible();
  const hardware = app.step('Check your hardware');
  // Hardware detection shells out to system tools; on a loaded box it has taken over 10 s.
  await expect(hardware.getByText(/qualif(y|ies) for the (PlexAi )?network/)).toBeVisible({ timeout: 30_000 });
  const cpuOffer = hardware.getByRole('button', { name: 'Contribute with CPU' });
  if (await cpuOffer.isVisible()) await cpuOffer.click();
  await expect(page.getByRole('heading', { name: 'Check your hardware (done)' })).toBeVisible();
  await app.screenshot(testInfo, '1-get-started');

  // The benchmark ran by itself once the hardware was known.
  await expect(mining.benchmarkResults).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole('heading', { name: 'Measure this machine (done)' })).toBeVisible();

  // The devnet hands a newcomer its dev wallet; this owner pairs their phone instead.
  const walletStep = app.step('Connect your wallet');
  await expect(walletStep.getByRole('button', { name: 'Disconnect' }).or(wallet.connect)).toBeVisible();
  if (await walletStep.getByRole('button', { name: 'Disconnect' }).isVisible()) await walletStep.getByRole('button', { name: 'Disconnect' }).click();
  await wallet.connect.click();
  await expect(wallet.qrCode).toBeVisible();
  await phone.pair(await wallet.pairingLink.inputValue());
  await expect(wallet.address).toHaveAttribute('title', phone.address, { timeout: 20_000 });
  await expect(page.getByRole('heading', { name: 'Connect your wallet (done)' })).toBeVisible();
  await app.screenshot(testInfo, '2-get-started-wallet');

  // A rig without a desktop has no idle time to read: its owner marks it dedicated.
  await app.nav('Settings').click();
  await expect(app.heading('Settings')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Dedicated rig', exact: true }).click();
  await expect(page.getByRole('checkbox', { name: 'Dedicated rig', exact: true })).toBeChecked();
  // The test machine's own load (browser, chain, coordinator) must not hold the walk up.
  await page.getByRole('checkbox', { name: 'Pause while other programs are busy', exact: true }).click();
  await expect(page.getByRole('checkbox', { name: 'Pause while other programs are busy', exact: true })).not.toBeChecked();
  await app.screenshot(testInfo, '3-settings');
  await app.nav('Get started').click();
  await app.step('Start mining').getByRole('button', { name: 'Start mining' }).click();
  await expect(page.getByRole('heading', { name: 'Start mining (done)' })).toBeVisible();

  await app.nav('Hardware').click();
  await expect(app.summary).toBeVisible();
  await app.screenshot(testInfo, '4-hardware');
  await app.nav('Mining').click();
  await expect(mining.stop).toBeVisible();
  await app.screenshot(testInfo, '5-mining');

  // ── Dashboard: an epoch settles with this miner's work; claim it through the phone ─────────
  await app.nav('Dashboard').click();
  const claimable = page.getByTestId('claimable-amount');
  await expect(claimable).not.toHaveText('0', { timeout: 90_000 });
  await app.screenshot(testInfo, '6-dashboard-claimable');
  const before = await balance(phone.address);
  expect(before).toBe(0n);
  await expect(page.getByTestId('mining-gas-fee')).toBeVisible();
  await page.getByRole('button', { name: 'Claim mining rewards' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Claimed .* PLEXAI/ })).toBeVisible({ timeout: 30_000 });
  const earned = await chain.miningRewards.claimed(phone.address);
  expect(earned).toBeGreaterThan(0n);
  expect(await balance(phone.address)).toBe(earned);
  // The phone signed the payout binding the miner earned under, and sent the claim itself.
  expect(phone.requests).toEqual(expect.arrayContaining(['personal_sign', 'eth_sendTransaction']));
  await app.screenshot(testInfo, '7-dashboard-claimed');

  // The rest is about money, not work: stopping keeps a loaded test machine responsive.
  await app.nav('Mining').click();
  await mining.stop.click();
  await expect(mining.start).toBeVisible();

  // ── Staking: all of it for 30 days, then out early ─────────────────────────────────────────
  await app.nav('Staking').click();
  await expect(app.heading('Staking')).toBeVisible();
  await expect(page.getByTestId('staking-balance')).toHaveText(`${displayTokenAmount(earned, 18)} PLEXAI`);
  await page.getByRole('radio', { name: /^30 days/ }).check();
  await page.getByRole('button', { name: 'Max' }).click();
  await expect(page.getByLabel('Amount (PLEXAI)')).toHaveValue(displayTokenAmount(earned, 18).replace(/,/g, ''));
  const penalty = earlyUnstakePenalty(earned);
  await expect(page.getByText(`Unstaking before then keeps 10 % of the principal: ${plexai(penalty, 18)} would stay in the reward pool.`)).toBeVisible();
  await expect(page.locator('.staking-preview')).toContainText(`Projected reward: ${plexai(projectedReward(earned, THIRTY_DAYS), 6)} for 30 days at 8 % APY`);
  await app.screenshot(testInfo, '8-staking-preview');
  await page.getByRole('button', { name: 'Approve and stake' }).click();
  const activity = page.locator('.staking-activity');
  await expect(activity).toContainText(/Confirmed\s*Staked .* PLEXAI as position \d+\./, { timeout: 60_000 });
  const positionId = /as position (\d+)/.exec((await activity.textContent())!)![1]!;
  expect(await balance(phone.address)).toBe(0n);
  const position = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: new RegExp(`^Position ${positionId}:`) }) });
  await expect(position).toContainText('Locked until');
  await app.screenshot(testInfo, '9-staking-position');

  await position.getByRole('button', { name: 'Unstake…' }).click();
  const warning = position.getByRole('alertdialog');
  await expect(warning).toContainText(`Unstaking now costs ${plexai(penalty, 18)}: the 10 % early-unstake penalty.`);
  await app.screenshot(testInfo, '10-staking-unstake-warning');
  await warning.getByRole('button', { name: /^Unstake and lose / }).click();
  await expect(activity).toContainText('(10 % of the principal) stayed in the reward pool as the early-unstake penalty', { timeout: 60_000 });
  await expect(position).toHaveCount(0);

  // On chain: the phone's own transactions, the principal short by exactly 10 %.
  const unstaked = await chain.staking.queryFilter(chain.staking.filters.Unstaked!(phone.address, BigInt(positionId)));
  expect(unstaked).toHaveLength(1);
  const [, , principalOut, reward, withheld] = (unstaked[0] as unknown as { args: bigint[] }).args as [string, bigint, bigint, bigint, bigint];
  expect(withheld).toBe(penalty);
  expect(withheld * 10n).toBeLessThanOrEqual(earned);
  expect(earned - principalOut).toBe(penalty);
  const end = await balance(phone.address);
  expect(end).toBe(earned - penalty + reward);
  await expect(page.getByTestId('staking-balance')).toHaveText(`${displayTokenAmount(end, 18)} PLEXAI`);
  await app.screenshot(testInfo, '11-staking-after-early-unstake');

  await app.nav('Wallet').click();
  await expect(wallet.address).toHaveAttribute('title', phone.address);
  await app.screenshot(testInfo, '12-wallet');
  // The dashboard's feed tells the same story, newest first, from the chain's own logs.
  await app.nav('Dashboard').click();
  await expect(page.getByTestId('plexai-held')).toHaveText(`${formatTokens(end)} PLEXAI`);
  const rows = page.getByRole('table', { name: 'Recent transactions' }).getByRole('row');
  await expect(rows.nth(1)).toContainText('Unstaked');
  await expect(rows.nth(2)).toContainText('Staked');
  await expect(rows.nth(3)).toContainText('Mining reward claimed');
  await app.screenshot(testInfo, '13-dashboard-end');
});
