import {
  AbstractSigner,
  type Provider,
  type TransactionRequest as EthersTransactionRequest,
  type TransactionResponse,
  type TypedDataDomain,
  type TypedDataField,
} from 'ethers';
import { PlexError } from '../../common/errors';
import type { PayoutSigner } from './signer';

/**
 * A PayoutSigner as an ethers Signer, so the typed contract bindings in src/chain (approve, stake,
 * unstake, claim) run through the owner's wallet unchanged: `connectPlexAi(addresses, signer)`.
 * Reads go to `provider` (the chain's RPC); writes go to the wallet, which signs and broadcasts
 * in one step, so there is no signTransaction.
 */
export class PayoutEthersSigner extends AbstractSigner {
  constructor(
    readonly payout: PayoutSigner,
    provider: Provider,
    private readonly broadcastTimeoutMs = 60_000,
  ) {
    super(provider);
  }

  override async getAddress(): Promise<string> {
    return this.payout.address;
  }

  override connect(provider: Provider | null): PayoutEthersSigner {
    if (!provider) throw new PlexError('INVALID_PARAMS', 'A PayoutEthersSigner needs a provider for reads.');
    return new PayoutEthersSigner(this.payout, provider, this.broadcastTimeoutMs);
  }

  override async signMessage(message: string | Uint8Array): Promise<string> {
    if (typeof message !== 'string') throw new PlexError('INVALID_PARAMS', 'Only text messages are signed with the payout wallet.');
    return this.payout.signMessage(message);
  }

  override async signTransaction(): Promise<string> {
    throw new PlexError('INVALID_PARAMS', 'The wallet signs and sends in one step: use sendTransaction.');
  }

  override async signTypedData(_domain: TypedDataDomain, _types: Record<string, TypedDataField[]>, _value: Record<string, unknown>): Promise<string> {
    throw new PlexError('INVALID_PARAMS', 'Typed-data signatures are not part of the payout wallet.');
  }

  override async sendTransaction(request: EthersTransactionRequest): Promise<TransactionResponse> {
    const provider = this.provider!;
    const tx = await this.populateCall(request);
    if (tx.from && tx.from.toLowerCase() !== this.payout.address.toLowerCase()) {
      throw new PlexError('INVALID_PARAMS', `This signer sends from ${this.payout.address}, not ${tx.from}.`);
    }
    if (!tx.to) throw new PlexError('INVALID_PARAMS', 'Contract deployment is not done through the payout wallet.');
    const hash = await this.payout.sendTransaction({
      to: tx.to,
      data: tx.data ?? undefined,
      value: tx.value != null ? BigInt(tx.value) : undefined,
      gas: tx.gasLimit != null ? BigInt(tx.gasLimit) : undefined,
    });
    // The wallet broadcast through its own node; ours may see it a moment later.
    const deadline = Date.now() + this.broadcastTimeoutMs;
    for (let delay = 100; ; delay = Math.min(delay * 2, 2_000)) {
      const response = await provider.getTransaction(hash);
      if (response) return response;
      if (Date.now() > deadline) {
        throw new PlexError('WALLET_UNAVAILABLE', `The wallet reported transaction ${hash}, but the chain does not know it.`);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
