import { Interface, getAddress, zeroPadValue, type InterfaceAbi } from 'ethers';
import { miningRewardsArtifact, plexAiStakingArtifact, plexAiTokenArtifact } from '../../chain';
import type { WalletTransaction } from '../../common/transactions';

/** The contracts whose events make up the feed. */
export interface FeedContracts {
  token: string;
  staking: string;
  miningRewards: string;
}

/** A log as eth_getLogs returns it (ethers' Log has these fields). */
export interface RawLog {
  address: string;
  topics: readonly string[];
  data: string;
  blockNumber: number;
  transactionHash: string;
  index: number;
}

/** An entry before its block's timestamp is known. */
export type UndatedTransaction = Omit<WalletTransaction, 'at'>;

const token = new Interface(plexAiTokenArtifact.abi as InterfaceAbi);
const staking = new Interface(plexAiStakingArtifact.abi as InterfaceAbi);
const mining = new Interface(miningRewardsArtifact.abi as InterfaceAbi);

export const topics = {
  transfer: token.getEvent('Transfer')!.topicHash,
  staked: staking.getEvent('Staked')!.topicHash,
  unstaked: staking.getEvent('Unstaked')!.topicHash,
  rewardClaimed: staking.getEvent('RewardClaimed')!.topicHash,
  miningClaimed: mining.getEvent('Claimed')!.topicHash,
};

/**
 * The two eth_getLogs filters that find everything of `account`'s: every event of the three
 * contracts whose first indexed argument is the account (Staked, Unstaked, RewardClaimed,
 * MiningRewards' Claimed, and Transfer from it), and transfers to it.
 */
export function feedFilters(contracts: FeedContracts, account: string): { address: string[]; topics: (string | string[] | null)[] }[] {
  const who = zeroPadValue(getAddress(account), 32);
  return [
    {
      address: [contracts.token, contracts.staking, contracts.miningRewards],
      topics: [[topics.transfer, topics.staked, topics.unstaked, topics.rewardClaimed, topics.miningClaimed], who],
    },
    { address: [contracts.token], topics: [topics.transfer, null, who] },
  ];
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * `account`'s transactions in `logs`, one entry per thing the owner did: a stake, an unstake, a
 * claim (a claim-all's per-position events become one entry), a mining claim, a transfer in or
 * out. The token transfers that pay a stake, unstake or claim are part of that entry, not
 * transfers of their own. Logs of other contracts or accounts, or that do not decode, are skipped;
 * a log seen twice (a self-transfer matches both filters) counts once.
 */
export function decodeFeedLogs(logs: readonly RawLog[], contracts: FeedContracts, account: string): UndatedTransaction[] {
  const byTx = new Map<string, RawLog[]>();
  const seen = new Set<string>();
  for (const log of logs) {
    const key = `${log.transactionHash}:${log.index}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = byTx.get(log.transactionHash) ?? [];
    list.push(log);
    byTx.set(log.transactionHash, list);
  }
  const entries: UndatedTransaction[] = [];
  for (const [hash, txLogs] of byTx) {
    txLogs.sort((a, b) => a.index - b.index);
    const own: UndatedTransaction[] = [];
    const transfers: UndatedTransaction[] = [];
    let claim: UndatedTransaction | null = null;
    for (const log of txLogs) {
      const base = { hash, blockNumber: log.blockNumber, logIndex: log.index };
      if (same(log.address, contracts.staking)) {
        const event = parse(staking, log);
        if (!event || !same(event.args[0] as string, account)) continue;
        if (event.name === 'Staked') {
          own.push({ ...base, kind: 'stake', amount: String(event.args[3]), positionIds: [String(event.args[1])], lockEnd: Number(event.args[5]) });
        } else if (event.name === 'Unstaked') {
          own.push({
            ...base,
            kind: 'unstake',
            amount: String(event.args[2]),
            reward: String(event.args[3]),
            penalty: String(event.args[4]),
            positionIds: [String(event.args[1])],
          });
        } else if (event.name === 'RewardClaimed') {
          if (!claim) {
            claim = { ...base, kind: 'staking-claim', amount: '0', positionIds: [] };
            own.push(claim);
          }
          claim.amount = (BigInt(claim.amount) + (event.args[2] as bigint)).toString();
          claim.positionIds!.push(String(event.args[1]));
        }
      } else if (same(log.address, contracts.miningRewards)) {
        const event = parse(mining, log);
        if (event?.name === 'Claimed' && same(event.args[0] as string, account)) {
          own.push({ ...base, kind: 'mining-claim', amount: String(event.args[1]) });
        }
      } else if (same(log.address, contracts.token)) {
        const event = parse(token, log);
        if (event?.name !== 'Transfer') continue;
        const [from, to, value] = event.args as unknown as [string, string, bigint];
        if (same(from, account)) transfers.push({ ...base, kind: 'transfer-out', amount: value.toString(), counterparty: getAddress(to) });
        else if (same(to, account)) transfers.push({ ...base, kind: 'transfer-in', amount: value.toString(), counterparty: getAddress(from) });
      }
    }
    entries.push(...own, ...(own.length ? [] : transfers));
  }
  return sortNewestFirst(entries);
}

function parse(iface: Interface, log: RawLog) {
  try {
    return iface.parseLog({ topics: [...log.topics], data: log.data });
  } catch {
    return null;
  }
}

export function sortNewestFirst<T extends { blockNumber: number; logIndex: number }>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => b.blockNumber - a.blockNumber || b.logIndex - a.logIndex);
}

/**
 * The cached entries with everything from `rereadFrom` on replaced by what was just read there
 * (a re-read of the last blocks drops what a reorganisation took away), newest first, at most `keep`.
 */
export function mergeFeed<T extends { blockNumber: number; logIndex: number }>(cached: readonly T[], fresh: readonly T[], rereadFrom: number, keep: number): T[] {
  return sortNewestFirst([...cached.filter((e) => e.blockNumber < rereadFrom), ...fresh]).slice(0, keep);
}

/** [from, to] split into inclusive ranges of at most `maxRange` blocks, oldest first. */
export function blockRanges(from: number, to: number, maxRange: number): [number, number][] {
  if (maxRange < 1) throw new RangeError('maxRange must be at least 1');
  const ranges: [number, number][] = [];
  for (let start = from; start <= to; start += maxRange) ranges.push([start, Math.min(to, start + maxRange - 1)]);
  return ranges;
}

/**
 * Which blocks the next read covers. The first read for an account (or one after a gap longer
 * than the lookback) starts at the deployment block or `lookback` blocks back, whichever is later;
 * later reads go on from the last block read, re-reading the newest `reorgDepth` of them.
 */
export function nextScan(
  cached: { fromBlock: number; toBlock: number } | null,
  latest: number,
  options: { startBlock: number; lookback: number; reorgDepth: number },
): { coverFrom: number; readFrom: number } {
  const floor = Math.max(options.startBlock, latest - options.lookback + 1, 0);
  if (cached && cached.toBlock + 1 >= floor) {
    return { coverFrom: cached.fromBlock, readFrom: Math.max(cached.fromBlock, cached.toBlock + 1 - options.reorgDepth) };
  }
  return { coverFrom: floor, readFrom: floor };
}
