import { Wallet, type Provider } from 'ethers';
import { PlexError, parseUnknown } from '../../common/errors';
import { Emitter } from '../../common/lifecycle';
import { LOCAL_DEV_WALLET_LABEL, TransactionRequestSchema, type PayoutSigner, type SessionEndReason, type TransactionRequest } from './signer';

/**
 * DEVNET ONLY: a payout signer holding a private key in the engine, so a newcomer can try the
 * whole product on the embedded devnet without a phone. It refuses chains other than the one it
 * was made for, and its label says what it is wherever the UI shows the wallet.
 */
export class LocalDevSigner implements PayoutSigner {
  readonly kind = 'local-dev' as const;
  readonly label = LOCAL_DEV_WALLET_LABEL;
  private readonly wallet: Wallet;
  private readonly didChangeAccount = new Emitter<{ address: string; chainId: number }>();
  private readonly didEnd = new Emitter<{ reason: SessionEndReason }>();
  private ended = false;
  /** Sends go one at a time: two at once would otherwise be given the same nonce. */
  private sending: Promise<unknown> = Promise.resolve();
  private nextNonce = 0;
  readonly onDidChangeAccount = this.didChangeAccount.event;
  readonly onDidEnd = this.didEnd.event;

  private constructor(wallet: Wallet, readonly chainId: number) {
    this.wallet = wallet;
  }

  /** Checks that `provider` really serves `chainId`, so a dev key never signs for another network. */
  static async create(privateKey: string, provider: Provider, chainId: number): Promise<LocalDevSigner> {
    const network = await provider.getNetwork();
    if (network.chainId !== BigInt(chainId)) {
      throw new PlexError('WALLET_WRONG_CHAIN', `The local dev wallet is for chain ${chainId}, but the node's RPC serves chain ${network.chainId}.`);
    }
    return new LocalDevSigner(new Wallet(privateKey, provider), chainId);
  }

  get address(): string {
    return this.wallet.address;
  }

  async signMessage(message: string): Promise<string> {
    this.assertLive();
    return this.wallet.signMessage(message);
  }

  async sendTransaction(tx: TransactionRequest): Promise<string> {
    this.assertLive();
    const checked = parseUnknown(TransactionRequestSchema, tx, 'INVALID_PARAMS', 'transaction');
    const send = this.sending.then(async () => {
      // Hardhat's EDR can report a 'pending' count below 'latest' right after automining a
      // block, so the nonce is the highest of both and of what this signer already used.
      const provider = this.wallet.provider!;
      const [latest, pending] = await Promise.all([
        provider.getTransactionCount(this.address, 'latest'),
        provider.getTransactionCount(this.address, 'pending'),
      ]);
      const nonce = Math.max(latest, pending, this.nextNonce);
      const response = await this.wallet.sendTransaction({
        to: checked.to,
        data: checked.data,
        value: checked.value,
        gasLimit: checked.gas,
        chainId: this.chainId,
        nonce,
      });
      this.nextNonce = nonce + 1;
      return response.hash;
    });
    this.sending = send.catch(() => {});
    return send;
  }

  async disconnect(): Promise<void> {
    this.end('disconnected');
  }

  dispose(): void {
    this.ended = true;
    this.didChangeAccount.dispose();
    this.didEnd.dispose();
  }

  private end(reason: SessionEndReason): void {
    if (this.ended) return;
    this.ended = true;
    this.didEnd.fire({ reason });
  }

  private assertLive(): void {
    if (this.ended) throw new PlexError('WALLET_NOT_CONNECTED', 'The local dev wallet was disconnected.');
  }
}
