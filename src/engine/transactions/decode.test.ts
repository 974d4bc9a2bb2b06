import { Interface, type InterfaceAbi } from 'ethers';
import { describe, expect, test } from 'vitest';
import { miningRewardsArtifact, plexAiStakingArtifact, plexAiTokenArtifact } from '../../chain';
import { blockRanges, decodeFeedLogs, mergeFeed, nextScan, type RawLog } from './decode';

const me = '0x1111111111111111111111111111111111111111';
const friend = '0x2222222222222222222222222222222222222222';
const stranger = '0x3333333333333333333333333333333333333333';
const contracts = {
  token: '0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  staking: '0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
  miningRewards: '0xcccccccccccccccccccccccccccccccccccccccc',
};
const ifaces = {
  token: new Interface(plexAiTokenArtifact.abi as InterfaceAbi),
  staking: new Interface(plexAiStakingArtifact.abi as InterfaceAbi),
  miningRewards: new Interface(miningRewardsArtifact.abi as InterfaceAbi),
};
const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;

function log(contract: keyof typeof contracts, event: string, args: unknown[], at: { tx: number; block: number; index: number }): RawLog {
  const iface = ifaces[contract];
  const encoded = iface.encodeEventLog(iface.getEvent(event)!, args);
  return { address: contracts[contract], topics: encoded.topics, data: encoded.data, blockNumber: at.block, transactionHash: hash(at.tx), index: at.index };
}

describe('decodeFeedLogs', () => {
  test('a stake, an early unstake, a claim-all and a mining claim are one entry each, without the transfers that paid them', () => {
    const logs = [
      // Stake: the Staked event and the token moving into the staking contract.
      log('staking', 'Staked', [me, 1n, 2n, 500n, 1200n, 9_000n, 30n], { tx: 1, block: 10, index: 0 }),
      log('token', 'Transfer', [me, contracts.staking, 500n], { tx: 1, block: 10, index: 1 }),
      // Claim-all over two positions: one entry with the sum and both ids.
      log('staking', 'RewardClaimed', [me, 1n, 3n], { tx: 2, block: 12, index: 0 }),
      log('staking', 'RewardClaimed', [me, 4n, 5n], { tx: 2, block: 12, index: 1 }),
      log('token', 'Transfer', [contracts.staking, me, 8n], { tx: 2, block: 12, index: 2 }),
      log('staking', 'Unstaked', [me, 1n, 450n, 2n, 50n, 7n], { tx: 3, block: 14, index: 0 }),
      log('token', 'Transfer', [contracts.staking, me, 452n], { tx: 3, block: 14, index: 1 }),
      log('miningRewards', 'Claimed', [me, 77n, 177n], { tx: 4, block: 14, index: 3 }),
      log('token', 'Transfer', [contracts.miningRewards, me, 77n], { tx: 4, block: 14, index: 4 }),
    ];
    expect(decodeFeedLogs(logs, contracts, me)).toEqual([
      { kind: 'mining-claim', hash: hash(4), blockNumber: 14, logIndex: 3, amount: '77' },
      { kind: 'unstake', hash: hash(3), blockNumber: 14, logIndex: 0, amount: '450', reward: '2', penalty: '50', positionIds: ['1'] },
      { kind: 'staking-claim', hash: hash(2), blockNumber: 12, logIndex: 0, amount: '8', positionIds: ['1', '4'] },
      { kind: 'stake', hash: hash(1), blockNumber: 10, logIndex: 0, amount: '500', positionIds: ['1'], lockEnd: 9_000 },
    ]);
  });

  test('plain transfers in and out name the other side; a log matched by both filters counts once', () => {
    const out = log('token', 'Transfer', [me, friend, 10n], { tx: 5, block: 20, index: 0 });
    const inbound = log('token', 'Transfer', [friend, me, 3n], { tx: 6, block: 21, index: 2 });
    expect(decodeFeedLogs([out, inbound, out], contracts, me)).toEqual([
      { kind: 'transfer-in', hash: hash(6), blockNumber: 21, logIndex: 2, amount: '3', counterparty: friend },
      { kind: 'transfer-out', hash: hash(5), blockNumber: 20, logIndex: 0, amount: '10', counterparty: friend },
    ]);
  });

  test("another account's events, another contract's logs and undecodable logs are left out", () => {
    const staked = log('staking', 'Staked', [stranger, 9n, 0n, 1n, 1n, 1n, 1n], { tx: 7, block: 30, index: 0 });
    const foreign = { ...log('token', 'Transfer', [me, friend, 1n], { tx: 8, block: 30, index: 1 }), address: stranger };
    const garbage = { ...log('token', 'Transfer', [me, friend, 1n], { tx: 9, block: 30, index: 2 }), data: '0x' };
    const strangersTransfer = log('token', 'Transfer', [stranger, friend, 1n], { tx: 10, block: 30, index: 3 });
    expect(decodeFeedLogs([staked, foreign, garbage, strangersTransfer], contracts, me)).toEqual([]);
  });
});

describe('reading in bounded ranges', () => {
  test('blockRanges splits inclusively and never exceeds the range', () => {
    expect(blockRanges(0, 9_999, 5_000)).toEqual([
      [0, 4_999],
      [5_000, 9_999],
    ]);
    expect(blockRanges(10, 10, 5_000)).toEqual([[10, 10]]);
    expect(blockRanges(11, 10, 5_000)).toEqual([]);
  });

  test('the first read starts at the deployment, or the lookback where the deployment is older', () => {
    expect(nextScan(null, 900, { startBlock: 120, lookback: 50_000, reorgDepth: 15 })).toEqual({ coverFrom: 120, readFrom: 120 });
    expect(nextScan(null, 1_000_000, { startBlock: 0, lookback: 50_000, reorgDepth: 15 })).toEqual({ coverFrom: 950_001, readFrom: 950_001 });
  });

  test('later reads go on from the last block read, re-reading the newest few; after a long gap they start afresh', () => {
    const cached = { fromBlock: 120, toBlock: 1_000 };
    expect(nextScan(cached, 1_010, { startBlock: 120, lookback: 50_000, reorgDepth: 15 })).toEqual({ coverFrom: 120, readFrom: 986 });
    expect(nextScan({ fromBlock: 120, toBlock: 125 }, 130, { startBlock: 120, lookback: 50_000, reorgDepth: 15 })).toEqual({ coverFrom: 120, readFrom: 120 });
    expect(nextScan(cached, 200_000, { startBlock: 120, lookback: 50_000, reorgDepth: 15 })).toEqual({ coverFrom: 150_001, readFrom: 150_001 });
  });

  test('mergeFeed replaces what was re-read, keeps the rest, newest first and capped', () => {
    const e = (blockNumber: number, logIndex: number, tag: string) => ({ blockNumber, logIndex, tag });
    const cached = [e(20, 0, 'reorged away'), e(10, 1, 'kept'), e(10, 0, 'kept too')];
    expect(mergeFeed(cached, [e(21, 0, 'new'), e(20, 3, 're-read')], 15, 3).map((x) => x.tag)).toEqual(['new', 're-read', 'kept']);
  });
});
