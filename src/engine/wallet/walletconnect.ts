import { SignClient } from '@walletconnect/sign-client';
import { getAddress, hexlify, toQuantity, toUtf8Bytes } from 'ethers';
import { z } from 'zod';
import { PlexError, parseUnknown } from '../../common/errors';
import { DisposableStore, Emitter, toDisposable, type Event } from '../../common/lifecycle';
import { Hex32Schema, SignatureSchema, recoverSigner, sameAddress } from '../../common/protocol';
import { FileKeyValueStorage } from './file-storage';
import { TransactionRequestSchema, type ChainSpec, type PayoutSigner, type SessionEndReason, type TransactionRequest } from './signer';

/**
 * The owner's phone wallet over WalletConnect (sign-client 2.25). The client lives in the engine,
 * not the renderer: the session belongs to the node, survives UI reloads, serves headless rigs,
 * and is kept in the data directory so it is restored at start.
 */

type Client = Awaited<ReturnType<typeof SignClient.init>>;

export interface WalletConnectOptions {
  /** wss://relay.walletconnect.org in production; the devnet's local relay otherwise. */
  relayUrl: string;
  projectId: string;
  /** The chain the wallet must use (BSC 56 on mainnet, 97 on testnet, the devnet's chain). */
  chain: ChainSpec;
  /** The JSON file (in the engine's data directory) holding the client's keys and session. */
  storagePath: string;
  /**
   * Namespaces the client's keys within the storage. Two clients in one process must differ:
   * sign-client shares one core per prefix.
   */
  storagePrefix?: string;
  metadata?: { name: string; description: string; url: string; icons: string[] };
  /** pino level for sign-client's own logging. */
  logLevel?: 'silent' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** How long to wait for the wallet's session update after it agreed to switch chains. */
  chainSwitchTimeoutMs?: number;
  /**
   * How long publishing the proposal may take before connect() reports the relay unreachable;
   * sign-client itself keeps retrying for about 75 s.
   */
  connectTimeoutMs?: number;
}

export type WalletConnectState =
  | { status: 'disconnected' }
  | { status: 'pairing'; uri: string }
  | { status: 'connected'; address: string; chainId: number; peerName: string };

export interface Pairing {
  /** wc:… for the QR code and the copy button. */
  readonly uri: string;
  /**
   * Settles when the owner approves in the wallet (and on the right chain), or fails with a
   * PlexError: a PairingCancelledError once the pairing was cancelled here.
   */
  readonly approved: Promise<PayoutSigner>;
}

/** The owner (or a new pairing, or a settings change) cancelled the pairing before the wallet answered. */
export class PairingCancelledError extends PlexError {
  constructor() {
    super('WALLET_NOT_CONNECTED', 'The pairing was cancelled.');
  }
}

const ACCOUNT = /^eip155:(\d{1,12}):(0x[0-9a-fA-F]{40})$/;
const Eip155NamespaceSchema = z.object({
  accounts: z.array(z.string().regex(ACCOUNT, 'expected a CAIP-10 eip155 account')).max(1024),
  methods: z.array(z.string().max(128)).max(256),
  events: z.array(z.string().max(128)).max(256),
  chains: z.array(z.string().max(64)).max(1024).optional(),
});
/** The parts of a sign-client session we rely on; everything else in it is the library's business. */
const SessionSchema = z.object({
  topic: z.string().regex(/^[0-9a-f]{64}$/),
  expiry: z.number().int(),
  namespaces: z.object({ eip155: Eip155NamespaceSchema.optional() }),
  peer: z.object({
    metadata: z.object({ name: z.string().max(256), url: z.string().max(2048), icons: z.array(z.string().max(2048)).max(16) }),
  }),
});
type Session = z.infer<typeof SessionSchema>;

/** JSON-RPC errors a wallet answers with (EIP-1193, and WalletConnect's SDK codes). */
const WalletErrorSchema = z.object({ code: z.number().int(), message: z.string().max(4096).optional() });
/** 4001: EIP-1193 user rejected; 5000-5003: WalletConnect USER_REJECTED(_CHAINS/_METHODS/_EVENTS). */
const REJECTION_CODES = new Set([4001, 5000, 5001, 5002, 5003]);
const UNRECOGNIZED_CHAIN = 4902;
const USER_DISCONNECTED = { code: 6000, message: 'User disconnected.' };
/** What a wallet that approves a cancelled pairing is told as its session is ended at once. */
const PAIRING_CANCELLED = { code: 6000, message: 'The pairing was cancelled in PlexAi Miner.' };

const SwitchResultSchema = z.null().or(z.undefined()).or(z.literal(true));

function accountOn(session: Session, chainId: number): string | null {
  for (const account of session.namespaces.eip155?.accounts ?? []) {
    const match = ACCOUNT.exec(account);
    if (match && Number(match[1]) === chainId) return getAddress(match[2]!);
  }
  return null;
}

function chainsOf(session: Session): number[] {
  return [...new Set((session.namespaces.eip155?.accounts ?? []).map((a) => Number(ACCOUNT.exec(a)?.[1])))];
}

/** Maps whatever sign-client or the wallet threw onto our stable error codes. */
function walletError(error: unknown, doing: string): PlexError {
  if (error instanceof PlexError) return error;
  const rpc = WalletErrorSchema.safeParse(error);
  if (rpc.success && REJECTION_CODES.has(rpc.data.code)) {
    return new PlexError('WALLET_REJECTED', `The wallet declined ${doing}.`);
  }
  const message = error instanceof Error ? error.message : rpc.success ? (rpc.data.message ?? `code ${rpc.data.code}`) : String(error);
  if (/no matching key|session topic doesn't exist|not found/i.test(message)) {
    return new PlexError('WALLET_NOT_CONNECTED', `No wallet is connected (${doing}).`);
  }
  if (/expired|timed? ?out|failed to publish|stalled|socket/i.test(message)) {
    return new PlexError('WALLET_UNAVAILABLE', `The wallet did not answer ${doing}: ${message}`);
  }
  return new PlexError('WALLET_FAILED', `The wallet failed ${doing}: ${message}`);
}

function errorCode(error: unknown): number | null {
  const rpc = WalletErrorSchema.safeParse(error);
  return rpc.success ? rpc.data.code : null;
}

export class WalletConnectWallet {
  private readonly disposables = new DisposableStore();
  private readonly didChangeState = this.disposables.add(new Emitter<WalletConnectState>());
  readonly onDidChangeState: Event<WalletConnectState> = this.didChangeState.event;
  private current: WalletConnectState = { status: 'disconnected' };
  private active: WalletConnectSigner | null = null;
  /** The pairing whose QR code is showing, until the wallet answers or it is cancelled. */
  private pending: { uri: string; cancel(): void } | null = null;
  private disposed = false;

  private constructor(
    private readonly client: Client,
    private readonly storage: FileKeyValueStorage,
    private readonly options: WalletConnectOptions,
  ) {}

  /** Starts the client and restores the newest live session on our chain, if one is stored. */
  static async create(options: WalletConnectOptions): Promise<WalletConnectWallet> {
    // sign-client otherwise hands a second client with the same storage prefix the first one's
    // core (relay URL, keys, storage): a client re-created after dispose must start afresh.
    process.env.DISABLE_GLOBAL_CORE ??= 'true';
    const storage = await FileKeyValueStorage.open(options.storagePath);
    const client = await SignClient.init({
      projectId: options.projectId,
      relayUrl: options.relayUrl,
      storage,
      customStoragePrefix: options.storagePrefix ?? 'plexai-miner',
      telemetryEnabled: false,
      logger: options.logLevel ?? 'silent',
      metadata: options.metadata ?? {
        name: 'PlexAi Miner',
        description: 'Earn PLEXAI with your idle GPU',
        url: 'https://plexai.io',
        icons: [],
      },
    });
    const wallet = new WalletConnectWallet(client, storage, options);
    wallet.restore();
    return wallet;
  }

  get state(): WalletConnectState {
    return this.current;
  }

  /** The connected session's signer, or null. */
  get signer(): PayoutSigner | null {
    return this.active;
  }

  /**
   * Proposes a session; show `uri` as a QR code. An existing session is ended first: one wallet
   * pays one node.
   */
  async connect(): Promise<Pairing> {
    this.assertLive();
    // A new code replaces the one showing: the old one must not connect when scanned late.
    this.cancelPairing();
    if (this.active) await this.active.disconnect();
    const chain = this.options.chain;
    let proposal: Awaited<ReturnType<Client['connect']>>;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const proposing = this.client.connect({
        optionalNamespaces: {
          eip155: {
            chains: [`eip155:${chain.chainId}`],
            methods: ['personal_sign', 'eth_sendTransaction', 'wallet_switchEthereumChain', 'wallet_addEthereumChain'],
            events: ['accountsChanged', 'chainChanged'],
          },
        },
      });
      // Abandoned on timeout, it still settles later: that must not be an unhandled rejection.
      proposing.catch(() => {});
      const timeoutMs = this.options.connectTimeoutMs ?? 20_000;
      proposal = await Promise.race([
        proposing,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new PlexError('WALLET_UNAVAILABLE', `The WalletConnect relay at ${this.options.relayUrl} did not answer within ${timeoutMs / 1000} s.`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      throw walletError(error, 'the connection request');
    } finally {
      clearTimeout(timer);
    }
    const uri = z.string().startsWith('wc:').parse(proposal.uri);
    let cancelled = false;
    let announceCancel: (error: PairingCancelledError) => void = () => {};
    const cancellation = new Promise<never>((_, reject) => (announceCancel = reject));
    cancellation.catch(() => {});
    const pending = {
      uri,
      cancel: () => {
        cancelled = true;
        announceCancel(new PairingCancelledError());
      },
    };
    this.pending = pending;
    this.setState({ status: 'pairing', uri });
    // The wallet's answer can still arrive after a cancel (the phone scanned the code just before):
    // a session it opens then is ended at once, never adopted as the payout wallet.
    const refuseIfCancelled = async (session: Session) => {
      if (!cancelled && !this.disposed) return;
      if (!this.disposed) await this.client.disconnect({ topic: session.topic, reason: PAIRING_CANCELLED }).catch(() => {});
      throw new PairingCancelledError();
    };
    const answered = (async () => {
      let raw: unknown;
      try {
        raw = await proposal.approval();
      } catch (error) {
        throw walletError(error, 'the connection');
      }
      const session = parseUnknown(SessionSchema, raw, 'WALLET_FAILED', 'session from the wallet');
      await refuseIfCancelled(session);
      const onChain = await this.ensureChain(session);
      await refuseIfCancelled(onChain);
      if (this.pending === pending) this.pending = null;
      return this.adopt(onChain);
    })();
    answered.catch(() => {
      if (this.pending !== pending) return;
      this.pending = null;
      this.setState({ status: 'disconnected' });
    });
    return { uri, approved: Promise.race([answered, cancellation]) };
  }

  /**
   * Withdraws the pairing whose code is showing, if any: the state goes back to disconnected at
   * once, and a wallet that approves it later has its session ended.
   */
  cancelPairing(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    pending.cancel();
    if (this.current.status === 'pairing') this.setState({ status: 'disconnected' });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.pending?.cancel();
    this.pending = null;
    this.active?.dispose();
    this.active = null;
    this.disposables.dispose();
    this.storage.seal();
    this.client.core.heartbeat.stop();
    this.client.core.relayer.transportClose().catch(() => {});
  }

  /** dispose(), then waits until the session store is on disk. */
  async close(): Promise<void> {
    this.dispose();
    await this.storage.flush();
  }

  private restore(): void {
    const now = Date.now() / 1000;
    const sessions = this.client.session
      .getAll()
      .map((raw: unknown) => SessionSchema.safeParse(raw))
      .flatMap((parsed) => (parsed.success ? [parsed.data] : []))
      .filter((s) => s.expiry > now && accountOn(s, this.options.chain.chainId) !== null)
      .sort((a, b) => b.expiry - a.expiry);
    if (sessions[0]) this.adopt(sessions[0]);
  }

  private adopt(session: Session): WalletConnectSigner {
    const signer = new WalletConnectSigner(this.client, session, this.options.chain.chainId);
    this.active = signer;
    signer.onDidEnd(() => {
      if (this.active !== signer) return;
      this.active = null;
      signer.dispose();
      this.setState({ status: 'disconnected' });
    });
    signer.onDidChangeAccount(({ address, chainId }) => {
      this.setState({ status: 'connected', address, chainId, peerName: signer.label });
    });
    this.setState({ status: 'connected', address: signer.address, chainId: signer.chainId, peerName: signer.label });
    return signer;
  }

  /**
   * A wallet may approve without our chain (requiredNamespaces is deprecated, so it is free to):
   * ask it to switch, adding the chain if it does not know it, and wait for the session update
   * that carries accounts on it. A wallet that will not is disconnected again.
   */
  private async ensureChain(session: Session): Promise<Session> {
    const chain = this.options.chain;
    if (accountOn(session, chain.chainId)) return session;
    const fail = async (detail: string): Promise<never> => {
      await this.client.disconnect({ topic: session.topic, reason: USER_DISCONNECTED }).catch(() => {});
      throw new PlexError('WALLET_WRONG_CHAIN', `The wallet ${detail}: PlexAi runs on ${chain.name} (chain ${chain.chainId}).`);
    };
    const via = chainsOf(session)[0];
    if (via === undefined) return fail('offered no EVM account');
    const ask = (method: string, params: unknown[]) =>
      this.client.request({ topic: session.topic, chainId: `eip155:${via}`, request: { method, params } });
    const updated = this.waitForChain(session.topic, chain.chainId);
    try {
      try {
        parseUnknown(SwitchResultSchema, await ask('wallet_switchEthereumChain', [{ chainId: toQuantity(chain.chainId) }]), 'WALLET_FAILED', 'switch result');
      } catch (error) {
        if (errorCode(error) !== UNRECOGNIZED_CHAIN) throw error;
        const add = {
          chainId: toQuantity(chain.chainId),
          chainName: chain.name,
          rpcUrls: [chain.rpcUrl],
          nativeCurrency: chain.nativeCurrency,
          ...(chain.explorerUrl ? { blockExplorerUrls: [chain.explorerUrl] } : {}),
        };
        parseUnknown(SwitchResultSchema, await ask('wallet_addEthereumChain', [add]), 'WALLET_FAILED', 'add-chain result');
      }
    } catch (error) {
      updated.cancel();
      const mapped = walletError(error, `to switch to ${chain.name}`);
      return fail(mapped.errorName === 'WALLET_REJECTED' ? 'declined to switch chains' : `could not switch chains (${mapped.message})`);
    }
    const next = await updated.promise;
    return next ?? fail(`agreed to switch but its session has no account on chain ${chain.chainId}`);
  }

  /** Resolves with the session once it has an account on `chainId`, or null after the timeout. */
  private waitForChain(topic: string, chainId: number): { promise: Promise<Session | null>; cancel(): void } {
    let finish: (value: Session | null) => void = () => {};
    const promise = new Promise<Session | null>((resolve) => (finish = resolve));
    const check = () => {
      const parsed = SessionSchema.safeParse(this.client.session.get(topic));
      if (parsed.success && accountOn(parsed.data, chainId)) done(parsed.data);
    };
    const onUpdate = (event: { topic: string }) => {
      if (event.topic === topic) check();
    };
    const timer = setTimeout(() => done(null), this.options.chainSwitchTimeoutMs ?? 30_000);
    const done = (value: Session | null) => {
      clearTimeout(timer);
      this.client.off('session_update', onUpdate);
      finish(value);
    };
    this.client.on('session_update', onUpdate);
    return { promise, cancel: () => done(null) };
  }

  private setState(state: WalletConnectState): void {
    this.current = state;
    this.didChangeState.fire(state);
  }

  private assertLive(): void {
    if (this.disposed) throw new PlexError('WALLET_NOT_CONNECTED', 'The WalletConnect client was shut down.');
  }
}

/** One approved session as a PayoutSigner. */
export class WalletConnectSigner implements PayoutSigner {
  readonly kind = 'walletconnect' as const;
  readonly label: string;
  readonly topic: string;
  private currentAddress: string;
  private readonly disposables = new DisposableStore();
  private readonly didChangeAccount = this.disposables.add(new Emitter<{ address: string; chainId: number }>());
  private readonly didEnd = this.disposables.add(new Emitter<{ reason: SessionEndReason }>());
  readonly onDidChangeAccount = this.didChangeAccount.event;
  readonly onDidEnd = this.didEnd.event;
  private ended = false;

  constructor(
    private readonly client: Client,
    session: Session,
    readonly chainId: number,
  ) {
    this.topic = session.topic;
    this.label = session.peer.metadata.name || 'WalletConnect wallet';
    const address = accountOn(session, chainId);
    if (!address) throw new PlexError('WALLET_WRONG_CHAIN', `The session has no account on chain ${chainId}.`);
    this.currentAddress = address;

    const onDelete = (event: { topic: string }) => event.topic === this.topic && this.end('peer-disconnected');
    const onExpire = (event: { topic: string }) => event.topic === this.topic && this.end('expired');
    const onUpdate = (event: { topic: string }) => event.topic === this.topic && this.refresh();
    const onEvent = (event: { topic: string; params?: { event?: { name?: string } } }) => {
      if (event.topic === this.topic && event.params?.event?.name === 'accountsChanged') this.refresh();
    };
    client.on('session_delete', onDelete);
    client.on('session_expire', onExpire);
    client.on('session_update', onUpdate);
    client.on('session_event', onEvent);
    this.disposables.add(
      toDisposable(() => {
        client.off('session_delete', onDelete);
        client.off('session_expire', onExpire);
        client.off('session_update', onUpdate);
        client.off('session_event', onEvent);
      }),
    );
  }

  get address(): string {
    return this.currentAddress;
  }

  async signMessage(message: string): Promise<string> {
    const address = this.currentAddress;
    const signature = await this.request('personal_sign', [hexlify(toUtf8Bytes(message)), address], SignatureSchema, 'to sign the message');
    const signer = recoverSigner(message, signature);
    if (!signer || !sameAddress(signer, address)) {
      throw new PlexError('WALLET_FAILED', `The wallet returned a signature that is not from ${address}.`);
    }
    return signature;
  }

  async sendTransaction(tx: TransactionRequest): Promise<string> {
    const checked = parseUnknown(TransactionRequestSchema, tx, 'INVALID_PARAMS', 'transaction');
    const params = {
      from: this.currentAddress,
      to: checked.to,
      ...(checked.data ? { data: checked.data } : {}),
      ...(checked.value !== undefined ? { value: toQuantity(checked.value) } : {}),
      ...(checked.gas !== undefined ? { gas: toQuantity(checked.gas) } : {}),
    };
    return this.request('eth_sendTransaction', [params], Hex32Schema, 'the transaction');
  }

  async disconnect(): Promise<void> {
    if (this.ended) return;
    try {
      await this.client.disconnect({ topic: this.topic, reason: USER_DISCONNECTED });
    } catch {
      // Already gone on the wallet's side or the relay is down: either way it is over here.
    }
    this.end('disconnected');
  }

  dispose(): void {
    this.ended = true;
    this.disposables.dispose();
  }

  private async request<S extends z.ZodType>(method: string, params: unknown[], schema: S, doing: string): Promise<z.output<S>> {
    if (this.ended) throw new PlexError('WALLET_NOT_CONNECTED', 'The wallet session has ended.');
    let result: unknown;
    try {
      result = await this.client.request({ topic: this.topic, chainId: `eip155:${this.chainId}`, request: { method, params } });
    } catch (error) {
      throw walletError(error, doing);
    }
    return parseUnknown(schema, result, 'WALLET_FAILED', `wallet response to ${method}`);
  }

  private refresh(): void {
    const parsed = SessionSchema.safeParse(this.client.session.get(this.topic));
    const address = parsed.success ? accountOn(parsed.data, this.chainId) : null;
    if (address && address !== this.currentAddress) {
      this.currentAddress = address;
      this.didChangeAccount.fire({ address, chainId: this.chainId });
    }
  }

  private end(reason: SessionEndReason): void {
    if (this.ended) return;
    this.ended = true;
    this.didEnd.fire({ reason });
  }
}
