import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { Wallet, parseUnits } from 'ethers';
import { connectPlexAi } from '../../src/chain';
import { displayTokenAmount, earlyUnstakePenalty } from '../../src/common/staking';
import { readDevnetDescriptor } from '../../src/devnet/descriptor';
import { expect, test } from '../support/fixtures';
import { MinerApp, WalletView } from '../support/miner-app';

// The staking walk on `plexai devnet` with the local dev wallet: stake → the position appears
// with its reward accruing → claim → unstake early → the wallet's balance, read in the UI and on
// the chain (Hardhat EDR, through its RPC), shows exactly 10 % of the principal kept.

const token = (amount: string) => parseUnits(amount, 18);
const shown = (units: bigint) => `${displayTokenAmount(units, 18)} PLEXAI`;

function stakingPage(page: Page) {
  return {
    balance: page.getByTestId('staking-balance'),
    amount: page.getByLabel('Amount (PLEXAI)'),
    option: (term: string) => page.getByRole('radio', { name: new RegExp(`^${term}`) }),
    activity: page.locator('.staking-activity'),
    position: (id: string) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: new RegExp(`^Position ${id}:`) }) }),
  };
}

test('stake, watch the reward accrue, claim, unstake early: exactly 10 % of the principal is kept', async ({ page, devnet, chain, balance }, testInfo) => {
  test.setTimeout(120_000);
  const app = new MinerApp(page);
  const wallet = new WalletView(page);
  const staking = stakingPage(page);
  const owner = devnet.devWalletAddress;
  await app.open(devnet.url);

  // No wallet: the page says so and points to the Wallet page, where the dev wallet connects.
  await app.nav('Wallet').click();
  await expect(wallet.devWallet.or(wallet.disconnect)).toBeVisible();
  if (await wallet.disconnect.isVisible()) await wallet.disconnect.click();
  await expect(wallet.devWallet).toBeVisible();
  await app.nav('Staking').click();
  await expect(app.heading('Staking')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Connect a wallet to stake' })).toBeVisible();
  await expect(page.getByRole('radio', { name: /30 days\s*8 % APY/ })).toBeVisible();
  await app.screenshot(testInfo, 'staking-no-wallet');
  await page.getByRole('button', { name: 'Go to the Wallet page' }).click();
  await expect(app.heading('Wallet')).toBeVisible();
  await wallet.devWallet.click();
  await expect(wallet.address).toHaveAttribute('title', owner);
  await app.nav('Staking').click();

  // The options with their APY, the balance, and the projected reward before confirming.
  const start = await balance(owner);
  await expect(staking.balance).toHaveText(shown(start));
  for (const [term, apy] of [['30 days', '8 %'], ['90 days', '15 %'], ['180 days', '25 %'], ['1 year', '40 %']] as const) {
    await expect(staking.option(term)).toHaveAccessibleName(new RegExp(`${apy} APY`));
  }
  await staking.option('30 days').check();
  await page.getByRole('button', { name: 'Max' }).click();
  await expect(staking.amount).toHaveValue(displayTokenAmount(start, 18).replace(/,/g, ''));
  await staking.amount.fill('1000');
  // 1,000 × 800 bps × 30 days / (10,000 × 365 days) = 6.575342465… PLEXAI
  await expect(page.getByText(/Projected reward: 6\.575342 PLEXAI for 30 days at 8 % APY/)).toBeVisible();
  await expect(page.getByText('Unstaking before then keeps 10 % of the principal: 100 PLEXAI would stay in the reward pool.')).toBeVisible();
  await app.screenshot(testInfo, 'staking-preview');

  // Approve and stake through the wallet: pending, then confirmed.
  await page.getByRole('button', { name: 'Approve and stake' }).click();
  await expect(staking.activity).toContainText(/Confirmed\s*Staked 1,000 PLEXAI as position \d+\./, { timeout: 30_000 });
  const positionId = /as position (\d+)/.exec((await staking.activity.textContent())!)![1]!;
  expect(await balance(owner)).toBe(start - token('1000'));
  await expect(staking.balance).toHaveText(shown(start - token('1000')));

  // The position, with its reward ticking up between reads.
  const position = staking.position(positionId);
  await expect(position).toBeVisible();
  await expect(position).toContainText('Locked until');
  const reward = page.getByTestId(`position-${positionId}-reward`);
  const first = await reward.textContent();
  await expect(reward).not.toHaveText(first!, { timeout: 5_000 });
  await app.screenshot(testInfo, 'staking-position');

  // Claim what has accrued so far.
  await position.getByRole('button', { name: /^Claim / }).click();
  await expect(staking.activity).toContainText(new RegExp(`Confirmed\\s*Claimed [\\d.,]+ PLEXAI from position ${positionId}\\.`), { timeout: 30_000 });

  // Unstake early: the warning names the exact amount the penalty takes.
  await position.getByRole('button', { name: 'Unstake…' }).click();
  const warning = position.getByRole('alertdialog');
  await expect(warning).toContainText('Unstaking now costs 100 PLEXAI: the 10 % early-unstake penalty.');
  await expect(warning).toContainText('100 PLEXAI of your 1,000 PLEXAI stays in the reward pool; you receive 900 PLEXAI plus the reward accrued so far');
  await app.screenshot(testInfo, 'staking-unstake-warning');
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.screenshot(testInfo, 'staking-unstake-warning-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await warning.getByRole('button', { name: 'Unstake and lose 100 PLEXAI' }).click();
  await expect(staking.activity).toContainText('100 PLEXAI (10 % of the principal) stayed in the reward pool as the early-unstake penalty', { timeout: 30_000 });
  await expect(position).toHaveCount(0);

  // On the chain: the rewards paid, and the wallet short by exactly 10 % of the principal.
  const claimed = await chain.staking.queryFilter(chain.staking.filters.RewardClaimed!(owner, BigInt(positionId)));
  const unstaked = await chain.staking.queryFilter(chain.staking.filters.Unstaked!(owner, BigInt(positionId)));
  expect(claimed).toHaveLength(1);
  expect(unstaked).toHaveLength(1);
  const claimReward = (claimed[0] as unknown as { args: bigint[] }).args[2]!;
  const [, , principalOut, unstakeReward, penalty] = (unstaked[0] as unknown as { args: bigint[] }).args as [string, bigint, bigint, bigint, bigint];
  expect(penalty).toBe(earlyUnstakePenalty(token('1000')));
  expect(penalty).toBe(token('100'));
  expect(principalOut).toBe(token('900'));
  const end = await balance(owner);
  expect(end).toBe(start - token('100') + claimReward + unstakeReward);
  // And the UI shows that very balance, to the last unit.
  await expect(staking.balance).toHaveText(shown(end));
  await expect(page.getByText('No open positions yet.')).toBeVisible();
  await app.screenshot(testInfo, 'staking-after-early-unstake');
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.screenshot(testInfo, 'staking-after-early-unstake-dark');
});

test('while the phone wallet has not confirmed, the stake shows as pending and cannot be sent twice; confirmed, the position appears', async ({ page, devnet, devnetRpc, phones }, testInfo) => {
  test.setTimeout(120_000);
  const app = new MinerApp(page);
  const wallet = new WalletView(page);
  const staking = stakingPage(page);
  // An owner whose phone holds PLEXAI (sent from the devnet's dev wallet) and answers late.
  const phone = await phones.start({ answer: 'approve', sendsTransactions: true, holdsTransactions: true });
  const { devWallet } = await readDevnetDescriptor(join(devnet.dataDir, 'devnet.json'));
  const funder = connectPlexAi(devnetRpc.addresses, new Wallet(devWallet.privateKey, devnetRpc.provider));
  await (await funder.token.transfer(phone.address, token('50'))).wait();

  await app.open(devnet.url);
  await app.nav('Wallet').click();
  await expect(wallet.disconnect.or(wallet.connect)).toBeVisible();
  if (await wallet.disconnect.isVisible()) await wallet.disconnect.click();
  await wallet.connect.click();
  await phone.pair(await wallet.pairingLink.inputValue());
  await expect(wallet.address).toHaveAttribute('title', phone.address, { timeout: 20_000 });

  await app.nav('Staking').click();
  await expect(staking.balance).toHaveText(shown(token('50')));
  await staking.option('30 days').check();
  await staking.amount.fill('20');
  await page.getByRole('button', { name: 'Approve and stake' }).click();
  // The wallet was asked and has not answered: the page says what it waits for, and holds the button.
  await expect(staking.activity).toContainText('Approval pending');
  await expect(staking.activity).toContainText('Approve the staking contract to move 20 PLEXAI in your wallet.');
  await expect(page.getByRole('button', { name: 'Staking…' })).toBeDisabled();
  await expect.poll(() => phone.heldTransactionCount).toBe(1);
  await app.screenshot(testInfo, 'staking-pending');

  await phone.sendHeldTransactions();
  await expect(staking.activity).toContainText(/Confirmed\s*Staked 20 PLEXAI as position \d+\./, { timeout: 30_000 });
  const positionId = /as position (\d+)/.exec((await staking.activity.textContent())!)![1]!;
  await expect(staking.position(positionId)).toBeVisible();
  await expect(staking.balance).toHaveText(shown(token('30')));
  expect(phone.requests.filter((m) => m === 'eth_sendTransaction')).toHaveLength(2);
});
