import type { JsonRpcApiProvider } from 'ethers';
import { PlexError } from '../../common/errors';
import { DisposableStore, type Disposable } from '../../common/lifecycle';
import { TRANSACTIONS_SHOWN_MAX, type TransactionFeed, type WalletTransaction } from '../../common/transactions';
import { errorDetail, serviceProvider } from '../chain-rpc';
import type { PayoutSigner } from '../wallet/signer';
import { blockRanges, decodeFeedLogs, feedFilters, mergeFeed, nextScan, type FeedContracts, type RawLog } from './decode';

/** Where the feed is read: the chain's RPC and the PlexAi contracts (the staking config's). */
export interface TransactionsConfig {
  rpcUrl: string;
  chainId: number;
  addresses: FeedContracts;
  /** The contracts' deployment block: nothing older can concern them (the devnet's comes from devnet.json). */
  startBlock?: number;
  /** The widest eth_getLogs range asked for; public BSC endpoints refuse wider ones (default 5,000). */
  maxRangeBlocks?: number;
  /** How far back a first read goes where the deployment is older (default 50,000 blocks, about 10 h of BSC). */
  lookbackBlocks?: number;
}

export interface TransactionsServices {
  /** The connected wallet, or null: its address is whose transactions are listed. */
  signer(): PayoutSigner | null;
  provider?: JsonRpcApiProvider;
}

/** Blocks re-read each time, so entries a reorganisation removed do not linger (BSC finalises in a few). */
const REORG_DEPTH = 15;
/** A range the RPC refuses is halved until it is this small; then the refusal is the answer. */
const MIN_SPLIT_BLOCKS = 64;

interface Cache {
  account: string;
  fromBlock: number;
  toBlock: number;
  complete: boolean;
  entries: WalletTransaction[];
}

/**
 * The connected wallet's PLEXAI transactions, from the chain's event logs: read back to the
 * deployment (or a bounded lookback) the first time, then only the new blocks (and the last few
 * again), in ranges public RPCs accept.
 */
export class TransactionsService implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly provider: JsonRpcApiProvider;
  private cache: Cache | null = null;
  private reads: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: TransactionsConfig,
    private readonly services: TransactionsServices,
  ) {
    this.provider = serviceProvider(services.provider, config, this.disposables);
  }

  /** The newest `limit` entries for the connected wallet, read up to the chain's latest block. */
  async feed(limit: number): Promise<TransactionFeed> {
    const account = this.services.signer()?.address ?? null;
    if (!account) return { chainId: this.config.chainId, account: null, entries: [], fromBlock: 0, toBlock: 0, complete: true };
    // One read at a time, each going on from the last: a caller asking just after a write was
    // confirmed must not be handed a read that began before it.
    const read = this.reads.catch(() => undefined).then(() => this.read(account));
    this.reads = read;
    const cache = await read;
    return {
      chainId: this.config.chainId,
      account,
      entries: cache.entries.slice(0, Math.min(limit, TRANSACTIONS_SHOWN_MAX)),
      fromBlock: cache.fromBlock,
      toBlock: cache.toBlock,
      complete: cache.complete,
    };
  }

  private async read(account: string): Promise<Cache> {
    try {
      const latest = Number(BigInt((await this.provider.send('eth_blockNumber', [])) as string));
      const startBlock = this.config.startBlock ?? 0;
      const cached = this.cache?.account === account ? this.cache : null;
      const { coverFrom, readFrom } = nextScan(cached, latest, {
        startBlock,
        lookback: this.config.lookbackBlocks ?? 50_000,
        reorgDepth: REORG_DEPTH,
      });
      const logs: RawLog[] = [];
      for (const [from, to] of blockRanges(readFrom, latest, this.config.maxRangeBlocks ?? 5_000)) logs.push(...(await this.logsIn(account, from, to)));
      const undated = decodeFeedLogs(logs, this.config.addresses, account);
      const times = await this.blockTimes([...new Set(undated.map((e) => e.blockNumber))]);
      const fresh = undated.map((e) => ({ ...e, at: times.get(e.blockNumber)! }));
      const next: Cache = {
        account,
        fromBlock: coverFrom,
        toBlock: latest,
        complete: coverFrom <= startBlock,
        entries: mergeFeed(cached && cached.fromBlock === coverFrom ? cached.entries : [], fresh, readFrom, TRANSACTIONS_SHOWN_MAX),
      };
      if ((this.services.signer()?.address ?? null) === account) this.cache = next;
      return next;
    } catch (error) {
      if (error instanceof PlexError) throw error;
      throw new PlexError('CHAIN_UNAVAILABLE', `Your transactions could not be read from the chain (${errorDetail(error)}).`);
    }
  }

  /** Both filters over [from, to]; a range the RPC refuses (too many blocks or results) is read in halves. */
  private async logsIn(account: string, from: number, to: number): Promise<RawLog[]> {
    try {
      const found = await Promise.all(feedFilters(this.config.addresses, account).map((filter) => this.provider.getLogs({ ...filter, fromBlock: from, toBlock: to })));
      return found.flat();
    } catch (error) {
      if (to - from + 1 <= MIN_SPLIT_BLOCKS) throw error;
      const mid = from + Math.floor((to - from) / 2);
      return [...(await this.logsIn(account, from, mid)), ...(await this.logsIn(account, mid + 1, to))];
    }
  }

  private async blockTimes(numbers: number[]): Promise<Map<number, number>> {
    const blocks = await Promise.all(numbers.map((n) => this.provider.getBlock(n)));
    return new Map(
      blocks.map((block, i) => {
        if (!block) throw new PlexError('CHAIN_UNAVAILABLE', `The chain returned no block ${numbers[i]}.`);
        return [numbers[i]!, block.timestamp];
      }),
    );
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
