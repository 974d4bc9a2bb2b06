import { BrowserProvider, Interface, type JsonRpcSigner } from 'ethers';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  DEFAULT_LOCK_OPTIONS,
  DEFAULT_TOTAL_SUPPLY,
  addressSummary,
  connectPlexAi,
  decodePlexAiRevert,
  deployPlexAi,
  plexAiStakingArtifact,
} from './index';
import { hardhatProvider } from './hardhat';

// The deploy routine runs for real against Hardhat's in-process chain (EDR), using the committed
// artifacts, so this also proves they deploy and work outside the Hardhat test suite.
let provider: BrowserProvider;
let signers: JsonRpcSigner[];

beforeAll(async () => {
  ({ provider } = await hardhatProvider());
  signers = await Promise.all([0, 1, 2, 3].map((i) => provider.getSigner(i)));
}, 60_000);

const TOKEN = 10n ** 18n;

describe('deployPlexAi', () => {
  test('deploys and wires the four contracts with the shipped defaults', async () => {
    const [deployer] = signers;
    const steps: string[] = [];
    const d = await deployPlexAi(deployer!, { onStep: (s) => steps.push(s.name) });
    const me = await deployer!.getAddress();

    expect(d.deployer).toBe(me);
    expect(d.owner).toBe(me);
    expect(d.publisher).toBe(me);
    expect(steps).toEqual([
      'deploy PlexAiToken',
      'deploy RewardDistributor',
      'deploy PlexAiStaking',
      'deploy MiningRewards',
      'RewardDistributor.setStaking',
    ]);
    for (const address of Object.values(d.addresses)) {
      expect((await provider.getCode(address)).length).toBeGreaterThan(2);
    }
    const { token, distributor, staking, miningRewards } = d.contracts;
    expect(await token.symbol()).toBe('PLEXAI');
    expect(await token.totalSupply()).toBe(DEFAULT_TOTAL_SUPPLY);
    expect(await token.balanceOf(me)).toBe(DEFAULT_TOTAL_SUPPLY);
    expect(await distributor.staking()).toBe(d.addresses.staking);
    expect(await distributor.owner()).toBe(me);
    expect(await staking.distributor()).toBe(d.addresses.distributor);
    expect(await staking.token()).toBe(d.addresses.token);
    const options = await staking.lockOptions();
    expect(options.map((o) => [Number(o.duration), Number(o.apyBps)])).toEqual(
      DEFAULT_LOCK_OPTIONS.map((o) => [o.durationSeconds, o.apyBps]),
    );
    expect(await miningRewards.hasRole(await miningRewards.PUBLISHER_ROLE(), me)).toBe(true);
    expect(addressSummary(d).contracts.PlexAiStaking).toBe(d.addresses.staking);
    expect(d.chainId).toBe(31337n);
  });

  test('hands ownership to a separate owner, sets the publisher and funds both pools', async () => {
    const [deployer, owner, publisher, user] = signers;
    const d = await deployPlexAi(deployer!, {
      owner: await owner!.getAddress(),
      publisher: await publisher!.getAddress(),
      totalSupply: 1_000_000n * TOKEN,
      stakingRewardPool: 10_000n * TOKEN,
      miningRewardsFunding: 5_000n * TOKEN,
      lockOptions: [{ durationSeconds: 3_600, apyBps: 10_000 }],
    });
    const { token, distributor, staking, miningRewards } = d.contracts;
    expect(await staking.owner()).toBe(await owner!.getAddress());
    // Ownable2Step: the distributor waits for the new owner to accept.
    expect(await distributor.owner()).toBe(await deployer!.getAddress());
    expect(await distributor.pendingOwner()).toBe(await owner!.getAddress());
    await (await distributor.connect(owner!).acceptOwnership()).wait();
    expect(await distributor.owner()).toBe(await owner!.getAddress());
    expect(await miningRewards.hasRole(await miningRewards.PUBLISHER_ROLE(), await publisher!.getAddress())).toBe(true);
    expect(await miningRewards.hasRole(await miningRewards.DEFAULT_ADMIN_ROLE(), await owner!.getAddress())).toBe(true);
    expect((await staking.poolInfo()).available).toBe(10_000n * TOKEN);
    expect(await token.balanceOf(d.addresses.miningRewards)).toBe(5_000n * TOKEN);

    // A user stakes, time passes, the reward is the whitepaper formula.
    const userAddress = await user!.getAddress();
    await (await token.transfer(userAddress, 1_000n * TOKEN)).wait();
    const asUser = connectPlexAi(d.addresses, user!);
    await (await asUser.token.approve(d.addresses.staking, 1_000n * TOKEN)).wait();
    const receipt = await (await asUser.staking.stake(1_000n * TOKEN, 0)).wait();
    const opened = (await provider.getBlock(receipt!.blockNumber))!.timestamp;
    await provider.send('evm_increaseTime', [10_000]);
    await provider.send('evm_mine', []);
    const [position] = await asUser.staking.positionsOf(userAddress);
    expect(position!.lockEnd).toBe(BigInt(opened + 3_600));
    expect(position!.pending).toBe((1_000n * TOKEN * 10_000n * 3_600n) / (10_000n * 365n * 86_400n));
    expect(await asUser.staking.earliestUnlock(userAddress)).toEqual([BigInt(opened + 3_600), position!.id]);
  });

  test('rejects a signer without a provider', async () => {
    const { Wallet } = await import('ethers');
    await expect(deployPlexAi(Wallet.createRandom())).rejects.toThrow(/provider/);
  });
});

describe('decodePlexAiRevert', () => {
  test('names the custom error and its arguments, from raw data or a thrown ethers error', async () => {
    const iface = new Interface(plexAiStakingArtifact.abi);
    const data = iface.encodeErrorResult('PlexAiStakingInsufficientRewardPool', [5n, 3n]);
    expect(decodePlexAiRevert(data)).toEqual({
      name: 'PlexAiStakingInsufficientRewardPool',
      signature: 'PlexAiStakingInsufficientRewardPool(uint256,uint256)',
      args: [5n, 3n],
    });
    expect(decodePlexAiRevert('0x12345678')).toBeUndefined();
    expect(decodePlexAiRevert(new Error('boom'))).toBeUndefined();

    const [deployer] = signers;
    const d = await deployPlexAi(deployer!);
    const thrown = await d.contracts.staking.stake(0n, 0).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(decodePlexAiRevert(thrown)?.name).toBe('PlexAiStakingZeroAmount');
    const thrown2 = await d.contracts.staking.claim(42n).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(decodePlexAiRevert(thrown2)).toMatchObject({ name: 'PlexAiStakingUnknownPosition', args: [42n] });
  });
});
