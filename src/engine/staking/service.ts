import type { JsonRpcApiProvider } from 'ethers';
import { connectPlexAi, type PlexAiAddresses, type PlexAiContracts } from '../../chain';
import { chainInfo } from '../../common/chains';
import type { ClaimEstimate } from '../../common/earnings';
import { PlexError } from '../../common/errors';
import { DisposableStore, Emitter, type Disposable, type Event } from '../../common/lifecycle';
import {
  PLEXAI_DECIMALS,
  earlyUnstakePenalty,
  parseTokenAmount,
  type StakingActivity,
  type StakingOverview,
  type StakingStatus,
} from '../../common/staking';
import { serviceProvider } from '../chain-rpc';
import { confirmedReceipt } from '../chain-writes';
import { PayoutEthersSigner } from '../wallet/ethers-signer';
import type { PayoutSigner } from '../wallet/signer';
import { revertError, shownAmount as fmt, stakingError } from './revert-words';

/** Where staking lives: the chain's RPC and the PlexAi contracts (on the devnet, from devnet.json). */
export interface StakingConfig {
  rpcUrl: string;
  chainId: number;
  addresses: PlexAiAddresses;
  /** The contracts' deployment block: the wallet's transaction feed reads their events from there. */
  startBlock?: number;
}

export interface StakingServices {
  /** The connected wallet, or null: every write is signed there. */
  signer(): PayoutSigner | null;
  /** Reads go here; by default a JsonRpcProvider on `rpcUrl` (tests pass Hardhat's in-process one). */
  provider?: JsonRpcApiProvider;
  /** How long the wallet's broadcast may take to reach our RPC. */
  broadcastTimeoutMs?: number;
}

/**
 * PlexAiStaking for the owner: reads straight from the chain's RPC (options, pool, the connected
 * address's balance, allowance and positions with their pending reward and unlock time) and
 * writes through the owner's wallet (approve when the allowance is short, then stake; claim;
 * unstake), one write at a time, reporting each step as `activity`.
 */
export class StakingService implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changed = this.disposables.add(new Emitter<StakingStatus>());
  readonly onDidChange: Event<StakingStatus> = this.changed.event;
  private readonly provider: JsonRpcApiProvider;
  private readonly reader: PlexAiContracts;
  private revision = 0;
  private activity: StakingActivity | null = null;
  private activityCount = 0;
  private writing = false;

  constructor(
    private readonly config: StakingConfig,
    private readonly services: StakingServices,
  ) {
    this.provider = serviceProvider(services.provider, { ...config, pollingInterval: 250 }, this.disposables);
    this.reader = connectPlexAi(config.addresses, this.provider);
  }

  get status(): StakingStatus {
    return { available: true, unavailableReason: null, revision: this.revision, activity: this.activity };
  }

  /** The figures changed outside a write of ours (the wallet switched): the UI reads them again. */
  invalidate(): void {
    this.revision++;
    this.fire();
  }

  async overview(): Promise<StakingOverview> {
    try {
      return await this.read();
    } catch (error) {
      throw stakingError(error, 'read the staking contract');
    }
  }

  private async read(): Promise<StakingOverview> {
    const block = await this.latestBlock();
    const at = { blockTag: block.number };
    const { staking, token } = this.reader;
    const [options, pool, paused] = await Promise.all([staking.lockOptions(at), staking.poolInfo(at), staking.paused(at)]);
    const address = this.services.signer()?.address ?? null;
    let account: StakingOverview['account'] = null;
    if (address) {
      const [balance, allowance, positions, earliest] = await Promise.all([
        token.balanceOf(address, at),
        token.allowance(address, this.config.addresses.staking, at),
        staking.positionsOf(address, at),
        staking.earliestUnlock(address, at),
      ]);
      account = {
        address,
        balance: balance.toString(),
        allowance: allowance.toString(),
        positions: positions.map((p) => ({
          id: p.id.toString(),
          amount: p.amount.toString(),
          apyBps: Number(p.apyBps),
          start: Number(p.start),
          lockEnd: Number(p.lockEnd),
          claimed: p.claimed.toString(),
          pending: p.pending.toString(),
          maxReward: p.maxReward.toString(),
          earlyPenalty: (BigInt(block.timestamp) < p.lockEnd ? earlyUnstakePenalty(p.amount) : 0n).toString(),
        })),
        earliestUnlock: earliest[1] === 0n ? null : { positionId: earliest[1].toString(), unlockTime: Number(earliest[0]) },
      };
    }
    return {
      chainId: this.config.chainId,
      asOf: block.timestamp,
      decimals: PLEXAI_DECIMALS,
      options: options.map((o, id) => ({ id, durationSeconds: Number(o.duration), apyBps: Number(o.apyBps) })),
      pool: { available: pool.available.toString(), reserved: pool.reserved.toString(), totalStaked: pool.totalStaked.toString() },
      paused,
      account,
    };
  }

  /**
   * The chain's latest block, asked afresh: ethers answers an identical request from a 250 ms
   * cache, which would show figures from before a write that was just confirmed. Reads then pin
   * this block, so one overview is one moment of the chain.
   */
  private async latestBlock(): Promise<{ number: number; timestamp: number }> {
    const raw = (await this.provider.send('eth_getBlockByNumber', ['latest', false])) as { number?: string; timestamp?: string } | null;
    if (!raw?.number || !raw.timestamp) throw new PlexError('CHAIN_UNAVAILABLE', 'The chain returned no latest block.');
    return { number: Number(BigInt(raw.number)), timestamp: Number(BigInt(raw.timestamp)) };
  }

  /** Approves the staking contract for exactly `amount` when the allowance is short, then stakes. */
  async stake(optionId: number, amountText: string): Promise<{ txHash: string; positionId: string; amount: string; maxReward: string; lockEnd: number }> {
    let amount: bigint;
    try {
      amount = parseTokenAmount(amountText);
    } catch (error) {
      throw new PlexError('INVALID_PARAMS', (error as Error).message);
    }
    if (amount === 0n) throw new PlexError('INVALID_PARAMS', 'The amount must be more than zero.');
    return this.write('stake', 'stake', async (contracts, owner, step) => {
      const at = { blockTag: (await this.latestBlock()).number };
      const [balance, allowance, optionCount] = await Promise.all([
        this.reader.token.balanceOf(owner, at),
        this.reader.token.allowance(owner, this.config.addresses.staking, at),
        this.reader.staking.lockOptionCount(at),
      ]);
      if (BigInt(optionId) >= optionCount) throw new PlexError('INVALID_PARAMS', `There is no lock option ${optionId}.`);
      if (balance < amount) {
        throw new PlexError('INSUFFICIENT_BALANCE', `Your wallet holds ${fmt(balance)} PLEXAI, less than the ${fmt(amount)} you asked to stake.`);
      }
      // Fail before asking for any signature (the approval included) when the contract would refuse the stake.
      const [reserve, pool, paused] = await Promise.all([
        this.reader.staking.previewMaxReward(amount, optionId, at),
        this.reader.staking.poolInfo(at),
        this.reader.staking.paused(at),
      ]);
      if (paused) throw revertError('EnforcedPause', [], 'stake');
      if (reserve > pool.available) throw revertError('PlexAiStakingInsufficientRewardPool', [reserve, pool.available], 'stake');
      if (allowance < amount) {
        step('approving', null, `Approve the staking contract to move ${fmt(amount)} PLEXAI in your wallet.`);
        const approval = await contracts.token.approve(this.config.addresses.staking, amount);
        step('approving', approval.hash, 'Waiting for the approval to be confirmed…');
        await confirmedReceipt(approval, 'approval');
      }
      step('signing', null, `Confirm the stake of ${fmt(amount)} PLEXAI in your wallet.`);
      const tx = await contracts.staking.stake(amount, optionId);
      step('confirming', tx.hash, 'Waiting for the stake to be confirmed…');
      const receipt = await confirmedReceipt(tx, 'stake');
      const staked = this.event(receipt, 'Staked');
      const positionId = staked.args[1] as bigint;
      const maxReward = staked.args[6] as bigint;
      const lockEnd = Number(staked.args[5] as bigint);
      return {
        result: { txHash: tx.hash, positionId: positionId.toString(), amount: amount.toString(), maxReward: maxReward.toString(), lockEnd },
        message: `Staked ${fmt(amount)} PLEXAI as position ${positionId}.`,
        txHash: tx.hash,
      };
    });
  }

  async claim(positionIdText: string): Promise<{ txHash: string; positionId: string; reward: string }> {
    const positionId = BigInt(positionIdText);
    return this.write('claim', 'claim the reward', async (contracts, _owner, step) => {
      // Simulated on the pending block, whose time is now: the latest block may be older (a local
      // chain mines only on transactions), and claiming there would see nothing accrued.
      await this.reader.staking.claim.staticCall(positionId, { from: _owner, blockTag: 'pending' });
      step('signing', null, `Confirm the claim of position ${positionId}'s reward in your wallet.`);
      const tx = await contracts.staking.claim(positionId);
      step('confirming', tx.hash, 'Waiting for the claim to be confirmed…');
      const receipt = await confirmedReceipt(tx, 'claim');
      const reward = this.event(receipt, 'RewardClaimed').args[2] as bigint;
      return {
        result: { txHash: tx.hash, positionId: positionId.toString(), reward: reward.toString() },
        message: `Claimed ${fmt(reward)} PLEXAI from position ${positionId}.`,
        txHash: tx.hash,
      };
    });
  }

  /** What claiming every position's reward in one transaction would pay now and cost in gas. */
  async estimateClaimAll(): Promise<ClaimEstimate> {
    const payout = this.services.signer();
    if (!payout) throw new PlexError('WALLET_NOT_CONNECTED', 'Connect a wallet on the Wallet page first: rewards are claimed to it.');
    try {
      const from = { from: payout.address, blockTag: 'pending' };
      const [amount, gas, fees] = await Promise.all([
        this.reader.staking.claimAll.staticCall(from),
        this.reader.staking.claimAll.estimateGas(from),
        this.provider.getFeeData(),
      ]);
      const nativeSymbol = chainInfo(this.config.chainId)?.nativeSymbol ?? 'native coin';
      return { amount: amount.toString(), gasUnits: gas.toString(), feeWei: (gas * (fees.gasPrice ?? fees.maxFeePerGas ?? 0n)).toString(), nativeSymbol };
    } catch (error) {
      throw stakingError(error, 'claim your staking rewards');
    }
  }

  /** Claims every position's reward in one transaction (the contract's claimAll): one signature however many positions. */
  async claimAll(): Promise<{ txHash: string; reward: string; positionIds: string[] }> {
    return this.write('claim', 'claim your staking rewards', async (contracts, owner, step) => {
      const total = await this.reader.staking.claimAll.staticCall({ from: owner, blockTag: 'pending' });
      step('signing', null, `Confirm the claim of about ${fmt(total)} PLEXAI of staking rewards in your wallet.`);
      const tx = await contracts.staking.claimAll();
      step('confirming', tx.hash, 'Waiting for the claim to be confirmed…');
      const paid = this.events(await confirmedReceipt(tx, 'claim'), 'RewardClaimed');
      const reward = paid.reduce((sum, e) => sum + (e.args[2] as bigint), 0n);
      const positionIds = paid.map((e) => (e.args[1] as bigint).toString());
      return {
        result: { txHash: tx.hash, reward: reward.toString(), positionIds },
        message: `Claimed ${fmt(reward)} PLEXAI of staking rewards from ${positionIds.length} position${positionIds.length === 1 ? '' : 's'}.`,
        txHash: tx.hash,
      };
    });
  }

  async unstake(positionIdText: string): Promise<{ txHash: string; positionId: string; principalOut: string; reward: string; penalty: string }> {
    const positionId = BigInt(positionIdText);
    return this.write('unstake', 'unstake', async (contracts, owner, step) => {
      await this.reader.staking.unstake.staticCall(positionId, { from: owner, blockTag: 'pending' });
      step('signing', null, `Confirm unstaking position ${positionId} in your wallet.`);
      const tx = await contracts.staking.unstake(positionId);
      step('confirming', tx.hash, 'Waiting for the unstake to be confirmed…');
      const receipt = await confirmedReceipt(tx, 'unstake');
      const args = this.event(receipt, 'Unstaked').args;
      const principalOut = args[2] as bigint;
      const reward = args[3] as bigint;
      const penalty = args[4] as bigint;
      const kept = penalty > 0n ? `; ${fmt(penalty)} PLEXAI (10 % of the principal) stayed in the reward pool as the early-unstake penalty` : '';
      return {
        result: { txHash: tx.hash, positionId: positionId.toString(), principalOut: principalOut.toString(), reward: reward.toString(), penalty: penalty.toString() },
        message: `Unstaked position ${positionId}: ${fmt(principalOut)} PLEXAI principal and ${fmt(reward)} PLEXAI reward paid back${kept}.`,
        txHash: tx.hash,
      };
    });
  }

  private async write<R>(
    action: StakingActivity['action'],
    doing: string,
    body: (
      contracts: PlexAiContracts,
      owner: string,
      step: (step: StakingActivity['step'], txHash: string | null, message: string) => void,
    ) => Promise<{ result: R; message: string; txHash: string }>,
  ): Promise<R> {
    const payout = this.services.signer();
    if (!payout) throw new PlexError('WALLET_NOT_CONNECTED', 'Connect a wallet on the Wallet page first: stakes are signed there.');
    if (payout.chainId !== this.config.chainId) {
      throw new PlexError('WALLET_WRONG_CHAIN', `Your wallet is on chain ${payout.chainId}; staking here needs chain ${this.config.chainId}.`);
    }
    if (this.writing) throw new PlexError('STAKING_BUSY', 'Another staking transaction is still under way; wait for it to be confirmed.');
    this.writing = true;
    const id = ++this.activityCount;
    const step = (stepName: StakingActivity['step'], txHash: string | null, message: string | null) => {
      this.activity = { id, action, step: stepName, txHash, message };
      this.fire();
    };
    try {
      const signer = new PayoutEthersSigner(payout, this.provider, this.services.broadcastTimeoutMs);
      const contracts = connectPlexAi(this.config.addresses, signer);
      step('signing', null, null);
      const { result, message, txHash } = await body(contracts, payout.address, step);
      this.revision++;
      step('confirmed', txHash, message);
      return result;
    } catch (error) {
      const plex = stakingError(error, doing);
      this.revision++;
      step('failed', this.activity?.id === id ? this.activity.txHash : null, plex.message);
      throw plex;
    } finally {
      this.writing = false;
    }
  }

  private event(receipt: Receipt, name: string) {
    const found = this.events(receipt, name)[0];
    if (!found) throw new PlexError('INTERNAL_ERROR', `The confirmed transaction has no ${name} event.`);
    return found;
  }

  private events(receipt: Receipt, name: string) {
    const iface = this.reader.staking.interface;
    return receipt.logs
      .filter((log) => log.address.toLowerCase() === this.config.addresses.staking.toLowerCase())
      .map((log) => iface.parseLog({ topics: [...log.topics], data: log.data }))
      .filter((parsed) => parsed?.name === name)
      .map((parsed) => parsed!);
  }

  private fire(): void {
    this.changed.fire(this.status);
  }

  dispose(): void {
    this.disposables.dispose();
  }
}

type Receipt = { logs: readonly { topics: readonly string[]; data: string; address: string }[] };
