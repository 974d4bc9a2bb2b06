import { keccak256, parseUnits, toUtf8Bytes } from 'ethers';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { deployPlexAi, miningRewardsAt, type PlexAiDeployment } from '../chain';
import { startChain, type DevnetChain } from '../devnet/chain';
import { miningRewardsPublisher } from './publisher';

// The real contract on Hardhat's in-process chain, served over HTTP JSON-RPC as the devnet serves it.
let chain: DevnetChain;
let deployment: PlexAiDeployment;
const PUBLISHER = 5;

beforeAll(async () => {
  chain = await startChain();
  deployment = await deployPlexAi(chain.account(0), { publisher: chain.account(PUBLISHER).address, miningRewardsFunding: parseUnits('1000', 18) });
}, 60_000);
afterAll(() => chain?.stop());

const root = (epoch: number) => keccak256(toUtf8Bytes(`root ${epoch}`));

describe('MiningRewards publisher', () => {
  test('publishes roots back to back without two of them taking one nonce, and a rejected one costs none', async () => {
    const publisher = miningRewardsPublisher(deployment.addresses.miningRewards, chain.account(PUBLISHER));
    const rewards = miningRewardsAt(deployment.addresses.miningRewards, chain.provider);
    // As the coordinator does after a pause: every closed epoch, one right after the other.
    for (const epoch of [1, 2, 3]) await publisher.publish(epoch, root(epoch), BigInt(epoch));
    expect((await rewards.latest()).slice(0, 2)).toEqual([3n, root(3)]);

    await expect(publisher.publish(3, root(33), 4n)).rejects.toThrow(/MiningRewardsEpochNotIncreasing|reverted/);
    await publisher.publish(4, root(4), 4n);
    expect((await rewards.latest()).slice(0, 2)).toEqual([4n, root(4)]);
  }, 60_000);
});
