import type { Provider } from 'ethers';
import { decodePlexAiRevert, miningRewardsAt, plexAiTokenAt } from '../../chain';
import {
  noEarningsState,
  type ClaimEstimate,
  type ClaimReceipt,
  type EarningsState,
} from '../../common/earnings';
import { PlexError } from '../../common/errors';
import { DisposableStore, Emitter, toDisposable, type Disposable, type Event } from '../../common/lifecycle';
import { ClaimProofSchema, EarningsSchema, NetworkStatsSchema, type ClaimProof } from '../../common/protocol';
import type { z } from 'zod';
import { errorDetail, serviceProvider } from '../chain-rpc';
import { confirmedReceipt, writeError, type WriteFailureWords } from '../chain-writes';
import { PayoutEthersSigner } from '../wallet/ethers-signer';
import type { PayoutSigner } from '../wallet/signer';
import { claimableOf, networkFigures, nextRefreshDelay, recentDays, recentEpochs } from './figures';

/** Where this network's rewards are read and claimed: known on the devnet, absent elsewhere for now. */
export interface EarningsConfig {
  coordinatorUrl: string;
  rpcUrl: string;
  chainId: number;
  addresses: { token: string; miningRewards: string };
  /** The chain's native coin, which gas is paid in. */
  nativeSymbol: string;
  /** A USD price and where it comes from (the devnet's is fixed); absent where no price source exists. */
  price?: { usd: number; source: string };
  /** How often figures are read again (default 30 s); they are also read just after each epoch ends. */
  refreshMs?: number;
  /** How long after an epoch's end its root is expected on chain (default 2 s). */
  settleDelayMs?: number;
  /** Each HTTP or RPC read gives up after this long (default 10 s). */
  requestTimeoutMs?: number;
}

export interface EarningsServices {
  /** The connected payout wallet, or null while none is. */
  signer(): PayoutSigner | null;
  provider?: Provider;
  fetch?: typeof fetch;
  now?: () => number;
}

const EPOCHS_SHOWN = 24;
const DAYS_SHOWN = 31;
/** Gas estimates can be a little short when state moves between estimate and inclusion. */
const GAS_MARGIN_PERCENT = 120n;
/** Reads of the proof before a claim gives up on a root that keeps moving (one epoch lands at a time). */
const STALE_PROOF_ATTEMPTS = 3;

/** The chain's root moved past the proof's: the proof is read again. */
class StaleProofError extends Error {
  constructor(readonly revert: unknown) {
    super('the proof is under an older root than the chain holds');
  }
}

/**
 * The owner's mining rewards: per-epoch earnings with their reasons and the cumulative Merkle
 * proof from the coordinator, what MiningRewards has already paid, the PLEXAI held, and the
 * network's figures. Reads on an interval and just after each epoch ends; claims through the
 * connected wallet, reporting signing → pending → confirmed (or the decoded reason it failed).
 */
export class EarningsService implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changed = this.disposables.add(new Emitter<EarningsState>());
  readonly onDidChange: Event<EarningsState> = this.changed.event;
  private current: EarningsState;
  private readonly provider: Provider;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;
  private refreshing: Promise<EarningsState> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private claiming = false;
  private disposed = false;

  constructor(
    private readonly config: EarningsConfig,
    private readonly services: EarningsServices,
  ) {
    this.provider = serviceProvider(services.provider, { ...config, pollingInterval: 500 }, this.disposables);
    this.fetchFn = services.fetch ?? fetch;
    this.now = services.now ?? Date.now;
    this.current = {
      ...noEarningsState,
      available: true,
      unavailableReason: null,
      account: services.signer()?.address ?? null,
      price: config.price ?? null,
      nativeSymbol: config.nativeSymbol,
    };
    this.disposables.add(toDisposable(() => this.timer && clearTimeout(this.timer)));
  }

  get state(): EarningsState {
    return this.current;
  }

  /** Begins the reads: one now, then on the interval and after each epoch. */
  start(): void {
    void this.refresh().catch(() => undefined);
  }

  /** The connected wallet changed: figures of the previous address are dropped and read afresh. */
  walletChanged(): void {
    const account = this.services.signer()?.address ?? null;
    if (account === this.current.account) return;
    this.set({ account, balance: null, rewards: null, epochs: [], days: [], claim: { status: 'idle' }, updatedAt: null, error: null });
    void this.refresh().catch(() => undefined);
  }

  /** Reads everything again; concurrent callers share one read. Failures land in `state.error`. */
  refresh(): Promise<EarningsState> {
    this.refreshing ??= this.read().finally(() => {
      this.refreshing = null;
      this.schedule();
    });
    return this.refreshing;
  }

  private schedule(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    const delay = nextRefreshDelay(this.now(), this.config.refreshMs ?? 30_000, this.current.network?.epoch.endsAt ?? null, this.config.settleDelayMs ?? 2_000);
    this.timer = setTimeout(() => void this.refresh().catch(() => undefined), delay);
    this.timer.unref?.();
  }

  private async read(): Promise<EarningsState> {
    const account = this.services.signer()?.address ?? null;
    this.set({ loading: true, account });
    try {
      const statsRead = this.getJson('/v1/stats', NetworkStatsSchema);
      const accountRead = account ? this.readAccount(account) : Promise.resolve(null);
      const [stats, mine] = await Promise.all([statsRead, accountRead]);
      // The owner switched wallets while this read ran: its figures belong to nobody on screen.
      if ((this.services.signer()?.address ?? null) !== account) return this.current;
      this.set({
        loading: false,
        updatedAt: this.now(),
        error: null,
        network: networkFigures(stats),
        ...(mine ?? { balance: null, rewards: null, epochs: [], days: [] }),
      });
    } catch (error) {
      this.set({ loading: false, error: errorSummary(error) });
    }
    return this.current;
  }

  private async readAccount(account: string): Promise<Pick<EarningsState, 'balance' | 'rewards' | 'epochs' | 'days'>> {
    const rewards = miningRewardsAt(this.config.addresses.miningRewards, this.provider);
    const token = plexAiTokenAt(this.config.addresses.token, this.provider);
    const [earnings, proof, claimed, balance] = await Promise.all([
      this.getJson(`/v1/accounts/${account}/earnings`, EarningsSchema),
      this.proofOf(account),
      this.chainRead(() => rewards.claimed(account)),
      this.chainRead(() => token.balanceOf(account)),
    ]);
    const cumulative = proof ? BigInt(proof.cumulativeAmount) : 0n;
    return {
      balance: balance.toString(),
      rewards: {
        cumulative: cumulative.toString(),
        claimed: claimed.toString(),
        claimable: claimableOf(cumulative, claimed).toString(),
        rootEpoch: proof?.epoch ?? null,
      },
      epochs: recentEpochs(earnings, EPOCHS_SHOWN),
      days: recentDays(earnings, DAYS_SHOWN),
    };
  }

  /** The proof under the latest root, or null where that root holds nothing for `account` (404). */
  private proofOf(account: string): Promise<ClaimProof | null> {
    return this.getJson(`/v1/accounts/${account}/proof`, ClaimProofSchema, { notFoundIsNull: true });
  }

  /** What claiming now would pay and cost; throws NOTHING_TO_CLAIM or the decoded revert. */
  async estimateClaim(): Promise<ClaimEstimate> {
    const { amount, gas } = await this.prepareClaim();
    const fees = await this.chainRead(() => this.provider.getFeeData());
    const gasPrice = fees.gasPrice ?? fees.maxFeePerGas ?? 0n;
    return { amount: amount.toString(), gasUnits: gas.toString(), feeWei: (gas * gasPrice).toString(), nativeSymbol: this.config.nativeSymbol };
  }

  /**
   * Claims everything claimable through the connected wallet. The state goes signing (the wallet
   * asks the owner) → pending (broadcast) → confirmed; a failure keeps its reason there too.
   */
  async claim(): Promise<ClaimReceipt> {
    if (this.claiming) throw new PlexError('CLAIM_BUSY', 'A claim is already under way; wait for it to confirm.');
    this.claiming = true;
    try {
      const { signer, proof, amount, gas } = await this.prepareClaim();
      this.set({ claim: { status: 'signing', amount: amount.toString() } });
      const contract = miningRewardsAt(this.config.addresses.miningRewards, new PayoutEthersSigner(signer, this.provider));
      const tx = await contract.claim(signer.address, proof.cumulativeAmount, proof.proof, { gasLimit: (gas * GAS_MARGIN_PERCENT) / 100n });
      this.set({ claim: { status: 'pending', amount: amount.toString(), hash: tx.hash } });
      const receipt = await confirmedReceipt(tx, 'claim');
      this.set({ claim: { status: 'confirmed', amount: amount.toString(), hash: tx.hash, at: this.now() } });
      void this.refresh().catch(() => undefined);
      return { amount: amount.toString(), hash: tx.hash, blockNumber: receipt.blockNumber };
    } catch (error) {
      const failure = claimError(error);
      this.set({ claim: { status: 'failed', error: { name: failure.errorName, message: failure.message } } });
      throw failure;
    } finally {
      this.claiming = false;
    }
  }

  /**
   * The proof, amount and gas of a claim that the chain accepts now. The coordinator serves the
   * proof under the latest root on chain, and a new epoch's root can land between reading it and
   * estimating (on the devnet every few minutes): the proof is then read again, never sent stale.
   */
  private async prepareClaim(): Promise<{ signer: PayoutSigner; proof: ClaimProof; amount: bigint; gas: bigint }> {
    for (let attempt = 1; ; attempt++) {
      const { signer, proof, amount } = await this.readClaim();
      try {
        return { signer, proof, amount, gas: await this.estimateGas(signer.address, proof) };
      } catch (error) {
        if (!(error instanceof StaleProofError) || attempt >= STALE_PROOF_ATTEMPTS) throw claimError(error instanceof StaleProofError ? error.revert : error);
      }
    }
  }

  private async readClaim(): Promise<{ signer: PayoutSigner; proof: ClaimProof; amount: bigint }> {
    const signer = this.services.signer();
    if (!signer) throw new PlexError('WALLET_NOT_CONNECTED', 'Connect a wallet first: rewards are claimed to it.');
    const rewards = miningRewardsAt(this.config.addresses.miningRewards, this.provider);
    const [proof, claimed] = await Promise.all([this.proofOf(signer.address), this.chainRead(() => rewards.claimed(signer.address))]);
    if (!proof) throw new PlexError('NOTHING_TO_CLAIM', 'Nothing to claim yet: no settled epoch has paid this address. Rewards arrive when an epoch settles.');
    const amount = claimableOf(BigInt(proof.cumulativeAmount), claimed);
    if (amount === 0n) throw new PlexError('NOTHING_TO_CLAIM', 'Nothing to claim: every reward settled so far has been claimed. More arrives when the next epoch settles.');
    return { signer, proof, amount };
  }

  private async estimateGas(account: string, proof: ClaimProof): Promise<bigint> {
    const rewards = miningRewardsAt(this.config.addresses.miningRewards, this.provider);
    try {
      return await rewards.claim.estimateGas(account, proof.cumulativeAmount, proof.proof, { from: account });
    } catch (error) {
      if (decodePlexAiRevert(error)?.name !== 'MiningRewardsInvalidProof') throw error;
      const [, root] = await this.chainRead(() => rewards.latest());
      throw root === proof.root ? error : new StaleProofError(error);
    }
  }

  private async getJson<S extends z.ZodType>(path: string, schema: S, options: { notFoundIsNull?: boolean } = {}): Promise<z.output<S>> {
    const url = `${this.config.coordinatorUrl.replace(/\/$/, '')}${path}`;
    let response: Response;
    try {
      response = await this.fetchFn(url, { signal: AbortSignal.timeout(this.config.requestTimeoutMs ?? 10_000) });
    } catch (error) {
      throw new PlexError('COORDINATOR_UNAVAILABLE', `The network's coordinator cannot be reached (${(error as Error).message}).`);
    }
    if (response.status === 404 && options.notFoundIsNull) return null as z.output<S>;
    if (!response.ok) throw new PlexError('COORDINATOR_UNAVAILABLE', `The network's coordinator answered ${response.status} to ${path}.`);
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new PlexError('COORDINATOR_UNAVAILABLE', `The network's coordinator answered ${path} with something this app cannot read.`);
    return parsed.data;
  }

  private async chainRead<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      throw new PlexError('CHAIN_UNAVAILABLE', `The chain cannot be read (${errorDetail(error)}).`);
    }
  }

  private set(patch: Partial<EarningsState>): void {
    if (this.disposed) return;
    this.current = { ...this.current, ...patch };
    this.changed.fire(this.current);
  }

  dispose(): void {
    this.disposed = true;
    this.disposables.dispose();
  }
}

function errorSummary(error: unknown): { name: string; message: string } {
  if (error instanceof PlexError) return { name: error.errorName, message: error.message };
  return { name: 'INTERNAL_ERROR', message: errorDetail(error) };
}

/** MiningRewards' custom errors in the owner's words. */
export function describeClaimRevert(name: string, args: unknown[]): PlexError {
  switch (name) {
    case 'MiningRewardsNothingToClaim':
      return new PlexError('NOTHING_TO_CLAIM', 'Nothing to claim: every reward under the latest settled epoch has already been claimed.');
    case 'MiningRewardsNoRoot':
      return new PlexError('NOTHING_TO_CLAIM', 'No epoch has settled on chain yet, so there is nothing to claim.');
    case 'MiningRewardsInvalidProof':
      return new PlexError('CHAIN_REVERTED', 'The reward contract did not accept the proof: a newer epoch was probably published meanwhile. Try again in a moment.');
    case 'MiningRewardsUnderfunded':
      return new PlexError('CHAIN_REVERTED', 'The reward contract holds too little PLEXAI to pay this claim right now; try again later.');
    default:
      return new PlexError('CHAIN_REVERTED', `The reward contract refused the claim (${name}${args.length ? `: ${args.map(String).join(', ')}` : ''}).`);
  }
}

const claimFailureWords: WriteFailureWords = {
  revert: describeClaimRevert,
  refused: (detail) => `The reward contract refused the claim (${detail}).`,
  declined: 'The claim was declined in the wallet.',
  unavailable: (detail) => `The claim could not be sent (${detail}).`,
};

/** A claim's failure as a typed error: the wallet's own errors pass, contract reverts are decoded. */
export function claimError(error: unknown): PlexError {
  return writeError(error, claimFailureWords);
}
