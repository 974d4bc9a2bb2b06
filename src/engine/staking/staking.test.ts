import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseUnits } from 'ethers';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_LOCK_OPTIONS, connectPlexAi, deployPlexAi, type PlexAiDeployment } from '../../chain';
import type { AppState } from '../../common/api';
import { invokeMethod } from '../../common/rpc';
import { earlyUnstakePenalty, noStakingStatus, pendingRewardAt, projectedReward, rewardFor, type StakingActivity } from '../../common/staking';
import { startChain, type DevnetChain } from '../../devnet/chain';
import { Engine } from '../engine';
import { SimulatedHardwareProbe } from '../gpu/simulated-probe';
import { SettingsStore } from '../store/settings-store';
import { devKeyWallet } from '../wallet/wallet-testbed.fixture';

// Staking through the PlexApi, end to end below the UI: an Engine with the staking config reads
// and writes the real contracts on Hardhat's in-process chain (served over HTTP JSON-RPC as the
// devnet serves it), signing with a local dev key through the WalletService.

const token = (amount: string) => parseUnits(amount, 18);
const DAY = 86_400;

let chain: DevnetChain;
let deployment: PlexAiDeployment;
let ownerKey: string;
let ownerAddress: string;

beforeAll(async () => {
  chain = await startChain();
  const deployer = chain.account(0);
  // A small pool, so a stake it cannot promise is easy to ask for.
  deployment = await deployPlexAi(deployer, { stakingRewardPool: token('1000') });
  const owner = chain.account(7);
  ownerKey = owner.privateKey;
  ownerAddress = owner.address;
  await (await deployment.contracts.token.transfer(ownerAddress, token('10000'))).wait();
}, 60_000);

afterAll(async () => {
  await chain?.stop();
});

async function engineWith(options: { staking: boolean; wallet: boolean }) {
  const dir = mkdtempSync(join(tmpdir(), 'plexai-engine-staking-'));
  const { store } = await SettingsStore.open(dir);
  const probe = new SimulatedHardwareProbe({ controllers: [], tools: {} });
  const wallet = options.wallet ? await devKeyWallet(chain, ownerKey, dir) : undefined;
  const engine = new Engine(
    { appVersion: '1.0.0', transport: 'headless', ...(options.staking ? { staking: { rpcUrl: chain.rpcUrl, chainId: chain.chainId, addresses: deployment.addresses } } : {}) },
    { probe, settings: store, ...(wallet ? { wallet } : {}) },
  );
  const states: AppState[] = [];
  engine.onDidChangeState((s) => states.push(s));
  return { engine, states };
}

async function advance(seconds: number) {
  await chain.provider.send('evm_increaseTime', [seconds]);
  await chain.provider.send('evm_mine', []);
}

const balanceOf = (address: string) => deployment.contracts.token.connect(chain.provider).balanceOf(address);

describe('staking through the PlexApi', () => {
  test('without contract addresses (mainnet, testnet for now) staking is absent and says why', async () => {
    const { engine } = await engineWith({ staking: false, wallet: false });
    expect(engine.state().staking).toEqual(noStakingStatus);
    const outcome = await invokeMethod(engine.api, 'getStaking', {});
    expect(outcome).toMatchObject({ error: { data: { name: 'STAKING_UNAVAILABLE' }, message: expect.stringMatching(/not published/) } });
    expect(await invokeMethod(engine.api, 'stake', { optionId: 0, amount: '1' })).toMatchObject({ error: { data: { name: 'STAKING_UNAVAILABLE' } } });
    engine.dispose();
  });

  test('with no wallet: the options and pool are read, the account is not, and a stake asks for a wallet', async () => {
    const { engine } = await engineWith({ staking: true, wallet: false });
    const overview = await engine.api.getStaking({});
    expect(overview.options).toEqual(DEFAULT_LOCK_OPTIONS.map((o, id) => ({ id, durationSeconds: o.durationSeconds, apyBps: o.apyBps })));
    expect(overview.pool.available).toBe(token('1000').toString());
    expect(overview.account).toBeNull();
    expect(await invokeMethod(engine.api, 'stake', { optionId: 0, amount: '1' })).toMatchObject({ error: { data: { name: 'WALLET_NOT_CONNECTED' } } });
    engine.dispose();
  });

  test('the projected reward is the contract’s own number, at many random points', async () => {
    const staking = deployment.contracts.staking.connect(chain.provider);
    let seed = 12345;
    const rand = (max: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * max;
    for (let i = 0; i < 40; i++) {
      const amount = BigInt(Math.floor(rand(1e6))) * 10n ** BigInt(Math.floor(rand(19)));
      const apy = BigInt(Math.floor(rand(10_001)));
      const elapsed = BigInt(Math.floor(rand(400 * DAY)));
      expect(rewardFor(amount, apy, elapsed), `${amount} ${apy} ${elapsed}`).toBe(await staking.rewardFor(amount, apy, elapsed));
    }
    for (const [id, option] of DEFAULT_LOCK_OPTIONS.entries()) {
      expect(projectedReward(token('1234.5'), option)).toBe(await staking.previewMaxReward(token('1234.5'), id));
    }
  });

  test('stake (approving first), accrue, claim, unstake early: every figure is the formula’s, and exactly 10 % stays behind', async () => {
    const { engine, states } = await engineWith({ staking: true, wallet: true });
    const before = await engine.api.getStaking({});
    expect(before.account).toMatchObject({ address: ownerAddress, balance: token('10000').toString(), allowance: '0', positions: [], earliestUnlock: null });

    // Stake 1,000 PLEXAI for 30 days: the allowance is short, so the wallet approves first.
    const staked = await engine.api.stake({ optionId: 0, amount: '1000' });
    const steps = states.map((s) => s.staking.activity).filter((a): a is StakingActivity => a !== null).map((a) => a.step);
    expect(steps).toContain('approving');
    expect(steps.indexOf('approving')).toBeLessThan(steps.indexOf('confirming'));
    expect(steps.at(-1)).toBe('confirmed');
    expect(states.at(-1)!.staking.activity).toMatchObject({ action: 'stake', step: 'confirmed', txHash: staked.txHash, message: expect.stringContaining('Staked 1,000 PLEXAI') });
    expect(staked.maxReward).toBe(projectedReward(token('1000'), DEFAULT_LOCK_OPTIONS[0]!).toString());

    const after = await engine.api.getStaking({});
    const position = after.account!.positions[0]!;
    expect(after.account!.balance).toBe(token('9000').toString());
    expect(after.account!.allowance).toBe('0');
    expect(position).toMatchObject({ id: staked.positionId, amount: token('1000').toString(), apyBps: 800, lockEnd: staked.lockEnd, earlyPenalty: token('100').toString() });
    expect(position.lockEnd - position.start).toBe(30 * DAY);
    expect(after.account!.earliestUnlock).toEqual({ positionId: staked.positionId, unlockTime: staked.lockEnd });
    expect(states.at(-1)!.staking.revision).toBeGreaterThan(0);

    // Ten days later the pending reward is what the pure formula says at the chain's time.
    await advance(10 * DAY);
    const later = await engine.api.getStaking({});
    const p = later.account!.positions[0]!;
    const asBig = { amount: BigInt(p.amount), apyBps: BigInt(p.apyBps), start: BigInt(p.start), lockEnd: BigInt(p.lockEnd), claimed: BigInt(p.claimed) };
    expect(BigInt(p.pending)).toBe(pendingRewardAt(asBig, BigInt(later.asOf)));
    expect(BigInt(p.pending)).toBeGreaterThan(0n);

    const claim = await engine.api.claimStakingReward({ positionId: staked.positionId });
    const claimBlock = await chain.provider.getBlock((await chain.provider.getTransactionReceipt(claim.txHash))!.blockNumber);
    expect(BigInt(claim.reward)).toBe(pendingRewardAt(asBig, BigInt(claimBlock!.timestamp)));

    // Unstake early: principal minus exactly 10 %, plus the reward accrued since the claim.
    const balanceBefore = await balanceOf(ownerAddress);
    const unstaked = await engine.api.unstake({ positionId: staked.positionId });
    const unstakeBlock = await chain.provider.getBlock((await chain.provider.getTransactionReceipt(unstaked.txHash))!.blockNumber);
    expect(unstaked.penalty).toBe(earlyUnstakePenalty(token('1000')).toString());
    expect(unstaked.penalty).toBe(token('100').toString());
    expect(unstaked.principalOut).toBe(token('900').toString());
    expect(BigInt(unstaked.reward)).toBe(pendingRewardAt({ ...asBig, claimed: BigInt(claim.reward) }, BigInt(unstakeBlock!.timestamp)));
    const balanceAfter = await balanceOf(ownerAddress);
    expect(balanceAfter - balanceBefore).toBe(token('900') + BigInt(unstaked.reward));
    // Over the whole round trip the wallet lost exactly the 10 % penalty and gained the rewards.
    expect(balanceAfter).toBe(token('10000') - token('100') + BigInt(claim.reward) + BigInt(unstaked.reward));
    expect(states.at(-1)!.staking.activity?.message).toContain('100 PLEXAI (10 % of the principal) stayed in the reward pool');
    expect((await engine.api.getStaking({})).account!.positions).toEqual([]);
    engine.dispose();
  });

  test('a claim right after a stake works once time has passed, though no block was mined since; one write at a time', async () => {
    const { engine } = await engineWith({ staking: true, wallet: true });
    const staked = await engine.api.stake({ optionId: 1, amount: '500' });
    // A local chain mines only on transactions: the latest block is the stake's own, with nothing accrued.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const claim = await engine.api.claimStakingReward({ positionId: staked.positionId });
    expect(BigInt(claim.reward)).toBeGreaterThan(0n);

    // While one write is under way, a second is refused rather than queued behind the wallet's prompt.
    const first = engine.api.unstake({ positionId: staked.positionId });
    const second = await invokeMethod(engine.api, 'claimStakingReward', { positionId: staked.positionId });
    expect(second).toMatchObject({ error: { data: { name: 'STAKING_BUSY' } } });
    const unstaked = await first;
    expect(unstaked.penalty).toBe(token('50').toString());
    engine.dispose();
  });

  test('refusals come back typed and in plain words, before any signature where they can', async () => {
    const { engine, states } = await engineWith({ staking: true, wallet: true });
    const balance = await balanceOf(ownerAddress);
    const tooMuch = await invokeMethod(engine.api, 'stake', { optionId: 0, amount: (balance / 10n ** 18n + 1n).toString() });
    expect(tooMuch).toMatchObject({ error: { data: { name: 'INSUFFICIENT_BALANCE' }, message: expect.stringMatching(/less than/) } });
    // 5,000 PLEXAI for a year at 40 % needs 2,000 PLEXAI of reward; the pool has less than 1,000 left.
    const poolShort = await invokeMethod(engine.api, 'stake', { optionId: 3, amount: '5000' });
    expect(poolShort).toMatchObject({ error: { data: { name: 'CHAIN_REVERTED' }, message: expect.stringMatching(/reward pool cannot promise/) } });
    expect(states.at(-1)!.staking.activity).toMatchObject({ action: 'stake', step: 'failed', txHash: null });
    expect(await invokeMethod(engine.api, 'unstake', { positionId: '999' })).toMatchObject({
      error: { data: { name: 'CHAIN_REVERTED' }, message: 'Position 999 is not open any more (it may have been unstaked already).' },
    });
    expect(await invokeMethod(engine.api, 'stake', { optionId: 9, amount: '1' })).toMatchObject({ error: { data: { name: 'INVALID_PARAMS' } } });
    expect(await invokeMethod(engine.api, 'stake', { optionId: 0, amount: '0' })).toMatchObject({ error: { data: { name: 'INVALID_PARAMS' } } });
    expect(await invokeMethod(engine.api, 'stake', { optionId: 0, amount: 5 })).toMatchObject({ error: { data: { name: 'INVALID_PARAMS' } } });
    // Nothing was moved by any of them.
    expect(await balanceOf(ownerAddress)).toBe(balance);
    const staking = connectPlexAi(deployment.addresses, chain.provider).staking;
    expect(await staking.positionCountOf(ownerAddress)).toBe(0n);
    engine.dispose();
  });
});
