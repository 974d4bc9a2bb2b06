import type { Provider } from 'ethers';
import type { WalletConnection, WalletState } from '../../common/api';
import { PlexError } from '../../common/errors';
import { DisposableStore, Emitter, type Disposable, type Event } from '../../common/lifecycle';
import { LocalDevSigner } from './local-key';
import { PayoutBindingStore, type PayoutBinding } from './payout-binding';
import { LOCAL_DEV_WALLET_LABEL, type ChainSpec, type PayoutSigner } from './signer';
import { WalletConnectWallet } from './walletconnect';

export interface WalletServiceOptions {
  chain: ChainSpec;
  /** Null where no relay or project id is configured: the wallet is then unavailable, with this reason. */
  walletConnect: { relayUrl: string; projectId: string; storagePath: string; storagePrefix?: string; connectTimeoutMs?: number } | null;
  /** Where the payout binding (the owner's signature over node id and address) is kept. */
  bindingPath: string;
  /** The devnet's funded key; never given on mainnet or testnet. */
  devWallet?: { privateKey: string; provider: Provider };
}

/**
 * The owner's wallet for the engine: a WalletConnect session with their phone or, on the devnet,
 * the local dev key. One signer at a time pays this node; its state is what the UI shows.
 */
export class WalletService implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changed = this.disposables.add(new Emitter<WalletState>());
  readonly onDidChange: Event<WalletState> = this.changed.event;
  private devSigner: LocalDevSigner | null = null;
  private lastError: WalletState['lastError'] = null;
  private readonly bindings: PayoutBindingStore;

  private constructor(
    private readonly options: WalletServiceOptions,
    private readonly walletConnect: WalletConnectWallet | null,
  ) {
    this.bindings = new PayoutBindingStore(options.bindingPath);
    if (walletConnect) {
      this.disposables.add(walletConnect.onDidChangeState(() => this.fire()));
      this.disposables.add({ dispose: () => walletConnect.dispose() });
    }
    this.disposables.add({ dispose: () => this.devSigner?.dispose() });
  }

  /** Starts the WalletConnect client (restoring a stored session) where one is configured. */
  static async create(options: WalletServiceOptions): Promise<WalletService> {
    const wc = options.walletConnect;
    const walletConnect = wc
      ? await WalletConnectWallet.create({
          relayUrl: wc.relayUrl,
          projectId: wc.projectId,
          chain: options.chain,
          storagePath: wc.storagePath,
          ...(wc.storagePrefix ? { storagePrefix: wc.storagePrefix } : {}),
          ...(wc.connectTimeoutMs ? { connectTimeoutMs: wc.connectTimeoutMs } : {}),
        })
      : null;
    return new WalletService(options, walletConnect);
  }

  get state(): WalletState {
    const available = this.walletConnect !== null || this.options.devWallet !== undefined;
    return {
      available,
      unavailableReason: available ? null : 'No WalletConnect relay and project id are configured: set them in Settings to connect your wallet.',
      connection: this.connection(),
      chainId: this.options.chain.chainId,
      devWalletAvailable: this.options.devWallet !== undefined,
      lastError: this.lastError,
    };
  }

  /** The signer paying this node, or null while no wallet is connected. */
  signer(): PayoutSigner | null {
    return this.devSigner ?? this.walletConnect?.signer ?? null;
  }

  /** Proposes a WalletConnect session. The approval (or the wallet's refusal) arrives as a state change. */
  async connect(): Promise<{ uri: string }> {
    if (!this.walletConnect) throw new PlexError('WALLET_UNAVAILABLE', this.state.unavailableReason ?? 'WalletConnect is not configured.');
    this.dropDevSigner();
    this.lastError = null;
    try {
      const pairing = await this.walletConnect.connect();
      pairing.approved.then(
        () => this.fire(),
        (error: unknown) => this.fail(error),
      );
      return { uri: pairing.uri };
    } catch (error) {
      this.fail(error);
      throw error;
    }
  }

  async useDevWallet(): Promise<WalletState> {
    const dev = this.options.devWallet;
    if (!dev) throw new PlexError('NOT_SUPPORTED', 'The local dev wallet exists on the devnet only; connect your own wallet instead.');
    if (this.walletConnect?.signer) await this.walletConnect.signer.disconnect();
    this.dropDevSigner();
    this.devSigner = await LocalDevSigner.create(dev.privateKey, dev.provider, this.options.chain.chainId);
    this.lastError = null;
    this.fire();
    return this.state;
  }

  async disconnect(): Promise<WalletState> {
    this.dropDevSigner();
    await this.walletConnect?.signer?.disconnect();
    this.fire();
    return this.state;
  }

  /** The hello's payout binding for `nodeId`, signed once per address by the current wallet. */
  async payoutBinding(nodeId: string): Promise<PayoutBinding> {
    const signer = this.signer();
    if (!signer) throw new PlexError('WALLET_NOT_CONNECTED', 'Connect a wallet first: it is where your earnings are paid.');
    return this.bindings.get(signer, nodeId);
  }

  private connection(): WalletConnection {
    if (this.devSigner) {
      return { status: 'connected', kind: 'local-dev', label: LOCAL_DEV_WALLET_LABEL, address: this.devSigner.address, chainId: this.devSigner.chainId };
    }
    const wc = this.walletConnect?.state ?? { status: 'disconnected' as const };
    if (wc.status !== 'connected') return wc;
    return { status: 'connected', kind: 'walletconnect', label: wc.peerName, address: wc.address, chainId: wc.chainId };
  }

  private dropDevSigner(): void {
    this.devSigner?.dispose();
    this.devSigner = null;
  }

  private fail(error: unknown): void {
    const plex = error instanceof PlexError ? error : new PlexError('WALLET_FAILED', (error as Error).message);
    this.lastError = { name: plex.errorName, message: plex.message };
    this.fire();
  }

  private fire(): void {
    this.changed.fire(this.state);
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
