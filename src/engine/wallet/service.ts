import { createHash } from 'node:crypto';
import type { Provider } from 'ethers';
import type { Settings, WalletConnection, WalletState } from '../../common/api';
import { PlexError } from '../../common/errors';
import { DisposableStore, Emitter, type Disposable, type Event } from '../../common/lifecycle';
import { PROJECT_ID_SOURCE } from '../../common/walletconnect';
import { LocalDevSigner } from './local-key';
import { PayoutBindingStore, type PayoutBinding } from './payout-binding';
import { LOCAL_DEV_WALLET_LABEL, type ChainSpec, type PayoutSigner } from './signer';
import { PairingCancelledError, WalletConnectWallet } from './walletconnect';

/** The owner's WalletConnect settings; an empty value means "not set". */
export type WalletConnectSettings = Pick<Settings, 'walletConnectRelayUrl' | 'walletConnectProjectId'>;

export interface WalletServiceOptions {
  chain: ChainSpec;
  /**
   * WalletConnect on this network: its default relay and project id (null: none, the owner must
   * enter one), which the owner's settings override, and where its sessions are kept. Null where
   * WalletConnect is not offered at all.
   */
  walletConnect: { relayUrl: string; projectId: string | null; storagePath: string; storagePrefix?: string; connectTimeoutMs?: number } | null;
  /** Where the payout binding (the owner's signature over node id and address) is kept. */
  bindingPath: string;
  /** The devnet's funded key; never given on mainnet or testnet. */
  devWallet?: { privateKey: string; provider: Provider };
}

interface WalletConnectConfig {
  relayUrl: string;
  projectId: string;
}

/** How long ending a session through a relay that is being left may take before it is left anyway. */
const RELAY_GOODBYE_MS = 5000;

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
  /** The sign-client for `config`; replaced whenever the owner's relay or project id changes. */
  private walletConnect: WalletConnectWallet | null = null;
  private walletConnectListener: Disposable | null = null;
  private config: WalletConnectConfig | null = null;
  /** The relay the owner's settings name, or the network's default: what the client uses once it can start. */
  private relayUrl: string | null;
  /** Why the sign-client for `config` did not start. */
  private startError: string | null = null;
  private configuring: Promise<void> = Promise.resolve();
  private disposed = false;

  private constructor(private readonly options: WalletServiceOptions) {
    this.bindings = new PayoutBindingStore(options.bindingPath);
    this.relayUrl = options.walletConnect?.relayUrl ?? null;
    this.disposables.add({ dispose: () => this.devSigner?.dispose() });
  }

  /**
   * Starts the WalletConnect client with the network's defaults (restoring a stored session)
   * where they suffice; the engine then applies the owner's settings through `configure`.
   */
  static async create(options: WalletServiceOptions): Promise<WalletService> {
    const service = new WalletService(options);
    await service.configure({ walletConnectRelayUrl: '', walletConnectProjectId: '' });
    return service;
  }

  /**
   * Follows the owner's relay URL and project id. A change replaces the sign-client: a session
   * on the same relay is restored by the new one; a session on a relay being left is ended (the
   * wallet is told while the old relay still carries the message), and a pairing under way is
   * cancelled. Never throws: a client that cannot start makes WalletConnect unavailable, saying why.
   */
  configure(settings: WalletConnectSettings): Promise<void> {
    // The engine does not wait for the first one: a rejection here would end the process.
    this.configuring = this.configuring
      .then(() => this.reconfigure(settings))
      .catch((error: unknown) => {
        this.startError = (error as Error).message;
        this.fire();
      });
    return this.configuring;
  }

  private async reconfigure(settings: WalletConnectSettings): Promise<void> {
    const wc = this.options.walletConnect;
    if (!wc || this.disposed) return;
    const projectId = settings.walletConnectProjectId || wc.projectId;
    const relayUrl = settings.walletConnectRelayUrl || wc.relayUrl;
    const target = projectId ? { relayUrl, projectId } : null;
    if (relayUrl !== this.relayUrl) {
      this.relayUrl = relayUrl;
      this.fire();
    }
    if (target?.relayUrl === this.config?.relayUrl && target?.projectId === this.config?.projectId && (this.walletConnect || !target)) return;

    const old = this.walletConnect;
    if (old) {
      old.cancelPairing();
      if (old.signer && target?.relayUrl !== this.config?.relayUrl) await withTimeout(old.signer.disconnect(), RELAY_GOODBYE_MS);
      this.walletConnectListener?.dispose();
      this.walletConnect = null;
      await old.close();
    }
    this.config = target;
    this.startError = null;
    if (target && !this.disposed) {
      try {
        const client = await WalletConnectWallet.create({
          ...target,
          chain: this.options.chain,
          storagePath: wc.storagePath,
          storagePrefix: storagePrefixFor(wc.storagePrefix ?? 'plexai-miner', target.relayUrl, wc.relayUrl),
          ...(wc.connectTimeoutMs ? { connectTimeoutMs: wc.connectTimeoutMs } : {}),
        });
        if (this.disposed) client.dispose();
        else {
          this.walletConnect = client;
          this.walletConnectListener = client.onDidChangeState(() => this.fire());
        }
      } catch (error) {
        this.startError = (error as Error).message;
      }
    }
    this.fire();
  }

  get state(): WalletState {
    const wc = this.options.walletConnect;
    const available = this.walletConnect !== null || this.options.devWallet !== undefined;
    return {
      available,
      unavailableReason: available ? null : this.unavailableReason(),
      relayUrl: this.relayUrl,
      configurable: wc !== null,
      connection: this.connection(),
      chainId: this.options.chain.chainId,
      devWalletAvailable: this.options.devWallet !== undefined,
      lastError: this.lastError,
    };
  }

  private unavailableReason(): string {
    if (!this.options.walletConnect) return 'This miner was started without a wallet connection.';
    if (!this.config) {
      return `WalletConnect needs a project id before your phone wallet can connect: get a free one at ${PROJECT_ID_SOURCE} and enter it in Settings, under WalletConnect.`;
    }
    return `WalletConnect could not start with the relay ${this.config.relayUrl}: ${this.startError ?? 'it is starting'}. Check the relay URL and project id in Settings, under WalletConnect.`;
  }

  /** The signer paying this node, or null while no wallet is connected. */
  signer(): PayoutSigner | null {
    return this.devSigner ?? this.walletConnect?.signer ?? null;
  }

  /** Proposes a WalletConnect session. The approval (or the wallet's refusal) arrives as a state change. */
  async connect(): Promise<{ uri: string }> {
    await this.configuring;
    const walletConnect = this.walletConnect;
    if (!walletConnect) throw new PlexError('WALLET_UNAVAILABLE', this.unavailableReason());
    this.dropDevSigner();
    this.lastError = null;
    try {
      const pairing = await walletConnect.connect();
      pairing.approved.then(
        () => this.fire(),
        (error: unknown) => {
          if (!(error instanceof PairingCancelledError)) this.fail(error);
        },
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
    this.walletConnect?.cancelPairing();
    if (this.walletConnect?.signer) await this.walletConnect.signer.disconnect();
    this.dropDevSigner();
    this.devSigner = await LocalDevSigner.create(dev.privateKey, dev.provider, this.options.chain.chainId);
    this.lastError = null;
    this.fire();
    return this.state;
  }

  /** Ends the connected wallet's session, or cancels the pairing whose code is showing. */
  async disconnect(): Promise<WalletState> {
    this.dropDevSigner();
    this.walletConnect?.cancelPairing();
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
    if (!this.disposed) this.changed.fire(this.state);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.walletConnectListener?.dispose();
    this.walletConnect?.dispose();
    this.walletConnect = null;
    this.disposables.dispose();
  }
}

/**
 * Sessions are kept per relay: a session lives on the relay it was made on, so a client started
 * for another relay must not restore it (and switching back finds it again). The network's
 * default relay keeps the plain prefix, so sessions stored before relays were a setting remain.
 */
function storagePrefixFor(base: string, relayUrl: string, defaultRelayUrl: string): string {
  if (relayUrl === defaultRelayUrl) return base;
  return `${base}-relay-${createHash('sha256').update(relayUrl).digest('hex').slice(0, 12)}`;
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}
