import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonRpcProvider, parseUnits, type Filter } from 'ethers';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectPlexAi, deployPlexAi, type PlexAiDeployment } from '../../chain';
import { invokeMethod } from '../../common/rpc';
import type { StakingActivity } from '../../common/staking';
import { startChain, type DevnetChain } from '../../devnet/chain';
import { Engine } from '../engine';
import { SimulatedHardwareProbe } from '../gpu/simulated-probe';
import { SettingsStore } from '../store/settings-store';
import { devKeyWallet } from '../wallet/wallet-testbed.fixture';
import { TransactionsService } from './service';

// The transaction feed through the PlexApi against the real contracts on Hardhat's in-process
// chain (served over HTTP JSON-RPC as the devnet serves it): the owner's engine, signing with a
// local dev key, stakes, claims and unstakes; the owner sends PLEXAI away and a mining reward is
// claimed for them; each shows up in the feed, newest first, with the chain's own figures.

const token = (amount: string) => parseUnits(amount, 18);
const DAY = 86_400;

let chain: DevnetChain;
let deployment: PlexAiDeployment;

beforeAll(async () => {
  chain = await startChain();
  deployment = await deployPlexAi(chain.account(0), { stakingRewardPool: token('100000'), miningRewardsFunding: token('1000') });
}, 60_000);

afterAll(async () => {
  await chain?.stop();
});

async function ownerEngine(ownerIndex: number) {
  const owner = chain.account(ownerIndex);
  const dir = mkdtempSync(join(tmpdir(), 'plexai-engine-transactions-'));
  const { store } = await SettingsStore.open(dir);
  const wallet = await devKeyWallet(chain, owner.privateKey, dir);
  const staking = { rpcUrl: chain.rpcUrl, chainId: chain.chainId, addresses: deployment.addresses, startBlock: deployment.startBlock };
  const engine = new Engine({ appVersion: '1.0.0', transport: 'headless', staking }, { probe: new SimulatedHardwareProbe({ controllers: [], tools: {} }), settings: store, wallet });
  return { engine, owner, staking };
}

/** The deployer's transactions, with their nonces counted here: ethers caches the count for 250 ms. */
async function deployerSends<T extends { wait(): Promise<unknown> }>(send: (nonce: number) => Promise<T>): Promise<T> {
  const nonce = Number(BigInt((await chain.provider.send('eth_getTransactionCount', [chain.account(0).address, 'pending'])) as string));
  const tx = await send(nonce);
  await tx.wait();
  return tx;
}

const kinds = (feed: { entries: { kind: string }[] }) => feed.entries.map((e) => e.kind);

test('stakes, a claim of every position at once, an early unstake, transfers out and in, and a mining claim each appear in the feed, newest first', async () => {
  const { engine, owner } = await ownerEngine(7);
  const contracts = deployment.contracts;
  const funding = await deployerSends((nonce) => contracts.token.transfer(owner.address, token('10000'), { nonce }));

  const first = await engine.api.getTransactions({ limit: 20 });
  expect(first).toMatchObject({ chainId: chain.chainId, account: owner.address, fromBlock: deployment.startBlock, complete: true });
  expect(first.entries).toEqual([
    expect.objectContaining({ kind: 'transfer-in', hash: funding.hash, amount: token('10000').toString(), counterparty: chain.account(0).address }),
  ]);

  const a = await engine.api.stake({ optionId: 0, amount: '1000' });
  const b = await engine.api.stake({ optionId: 1, amount: '500' });
  await chain.provider.send('evm_increaseTime', [10 * DAY]);
  await chain.provider.send('evm_mine', []);

  // One claim for both positions: the fee is known first, one signature pays both.
  const estimate = await engine.api.estimateStakingClaim({});
  expect(BigInt(estimate.amount)).toBeGreaterThan(0n);
  expect(BigInt(estimate.feeWei)).toBeGreaterThan(0n);
  expect(estimate.nativeSymbol).toBe('ETH');
  const steps: StakingActivity['step'][] = [];
  const sub = engine.onDidChangeState((s) => s.staking.activity && steps.at(-1) !== s.staking.activity.step && steps.push(s.staking.activity.step));
  const claim = await engine.api.claimAllStakingRewards({});
  sub.dispose();
  expect(steps).toEqual(['signing', 'confirming', 'confirmed']);
  expect(engine.state().staking.activity?.message).toMatch(/from 2 positions/);
  expect(new Set(claim.positionIds)).toEqual(new Set([a.positionId, b.positionId]));
  expect(BigInt(claim.reward)).toBeGreaterThanOrEqual(BigInt(estimate.amount));

  const unstaked = await engine.api.unstake({ positionId: b.positionId });
  const friend = chain.account(9).address;
  const ownerToken = connectPlexAi(deployment.addresses, owner.connect(chain.provider)).token;
  const sent = await (await ownerToken.transfer(friend, token('12.5'))).wait();

  // A mining reward, published under a root and claimed for the owner (anyone may submit a claim).
  const tree = StandardMerkleTree.of([[owner.address, token('42').toString()], [friend, token('1').toString()]], ['address', 'uint256']);
  await deployerSends((nonce) => contracts.miningRewards.publishRoot(1n, tree.root, token('43'), { nonce }));
  const mined = await deployerSends((nonce) => contracts.miningRewards.claim(owner.address, token('42'), tree.getProof(0), { nonce }));

  const feed = await engine.api.getTransactions({ limit: 20 });
  expect(kinds(feed)).toEqual(['mining-claim', 'transfer-out', 'unstake', 'staking-claim', 'stake', 'stake', 'transfer-in']);
  const [miningClaim, transferOut, unstake, stakingClaim, stakeB, stakeA] = feed.entries;
  expect(miningClaim).toMatchObject({ hash: mined.hash, amount: token('42').toString() });
  expect(transferOut).toMatchObject({ hash: sent!.hash, amount: token('12.5').toString(), counterparty: friend });
  expect(unstake).toMatchObject({ hash: unstaked.txHash, amount: token('450').toString(), penalty: token('50').toString(), reward: unstaked.reward, positionIds: [b.positionId] });
  expect(stakingClaim).toMatchObject({ hash: claim.txHash, amount: claim.reward });
  expect(new Set(stakingClaim!.positionIds)).toEqual(new Set([a.positionId, b.positionId]));
  expect(stakeB).toMatchObject({ hash: b.txHash, amount: token('500').toString(), lockEnd: b.lockEnd, positionIds: [b.positionId] });
  expect(stakeA).toMatchObject({ hash: a.txHash, amount: token('1000').toString(), lockEnd: a.lockEnd });
  // Each entry carries its block's time: the claim came ten days after the stakes.
  const block = await chain.provider.getBlock(stakingClaim!.blockNumber);
  expect(stakingClaim!.at).toBe(block!.timestamp);
  expect(stakingClaim!.at - stakeA!.at).toBeGreaterThanOrEqual(10 * DAY);

  // A narrower RPC (3 blocks per eth_getLogs) yields the same feed, read in many small ranges;
  // a short lookback lists only the newest blocks and says older ones are not included.
  const signer = () => ({ address: owner.address }) as never;
  const narrow = new TransactionsService({ ...feedConfig(), maxRangeBlocks: 3 }, { signer });
  expect((await narrow.feed(20)).entries).toEqual(feed.entries);
  const recent = new TransactionsService({ ...feedConfig(), lookbackBlocks: 2 }, { signer });
  const short = await recent.feed(20);
  expect(short.complete).toBe(false);
  expect(kinds(short)).toEqual(['mining-claim']);
  narrow.dispose();
  recent.dispose();
  engine.dispose();
}, 90_000);

test("without a wallet the feed is empty; with one it lists that address's transactions and no one else's; with no position there is nothing to claim", async () => {
  const { engine } = await ownerEngine(6);
  await deployerSends((nonce) => deployment.contracts.token.transfer(chain.account(6).address, token('3'), { nonce }));
  const service = new TransactionsService(feedConfig(), { signer: () => null });
  expect(await service.feed(10)).toMatchObject({ account: null, entries: [] });
  expect(kinds(await engine.api.getTransactions({ limit: 10 }))).toEqual(['transfer-in']);
  // No position, nothing to claim: the fee estimate says so in words, before any signature.
  for (const method of ['estimateStakingClaim', 'claimAllStakingRewards'] as const) {
    expect(await invokeMethod(engine.api, method, {})).toMatchObject({
      error: { data: { name: 'CHAIN_REVERTED' }, message: 'None of your positions has a reward to claim yet.' },
    });
  }
  service.dispose();
  engine.dispose();
});

function feedConfig() {
  return { rpcUrl: chain.rpcUrl, chainId: chain.chainId, addresses: deployment.addresses, startBlock: deployment.startBlock };
}

/** A public BSC endpoint's eth_getLogs block-range cap, which no local chain has: the one stand-in at the RPC boundary. */
class RangeCappedProvider extends JsonRpcProvider {
  readonly ranges: number[] = [];
  constructor(private readonly cap: number) {
    super(chain.rpcUrl, chain.chainId, { staticNetwork: true });
  }
  override async getLogs(filter: Filter) {
    const span = Number(filter.toBlock) - Number(filter.fromBlock) + 1;
    this.ranges.push(span);
    if (span > this.cap) throw new Error(`exceed maximum block range: ${this.cap}`);
    return super.getLogs(filter);
  }
}

test('an RPC that caps eth_getLogs ranges (simulated at the provider) is read in halves; one that refuses even small ranges is reported in words', async () => {
  const owner = chain.account(5).address;
  await deployerSends((nonce) => deployment.contracts.token.transfer(owner, token('8'), { nonce }));
  await chain.provider.send('hardhat_mine', ['0x100']);
  const signer = () => ({ address: owner }) as never;

  const capped = new RangeCappedProvider(100);
  const halves = new TransactionsService(feedConfig(), { signer, provider: capped });
  const feed = await halves.feed(10);
  expect(kinds(feed)).toEqual(['transfer-in']);
  expect(feed.complete).toBe(true);
  // The whole range was refused first, then read in pieces the cap allows.
  expect(capped.ranges[0]).toBeGreaterThan(100);
  expect(capped.ranges.filter((span) => span <= 100).length).toBeGreaterThanOrEqual(2);

  const tiny = new RangeCappedProvider(1);
  const stingy = new TransactionsService(feedConfig(), { signer, provider: tiny });
  await expect(stingy.feed(10)).rejects.toMatchObject({ errorName: 'CHAIN_UNAVAILABLE', message: expect.stringMatching(/could not be read from the chain \(.*maximum block range/) });
  halves.dispose();
  stingy.dispose();
  capped.destroy();
  tiny.destroy();
});
