import { PlexError } from '../../common/errors';
import { payoutBindingMessage, recoverSigner, sameAddress } from '../../common/protocol';
import type { PayoutSigner } from './signer';

export { payoutBindingMessage };

/**
 * Asks the owner's wallet to sign the payout binding the coordinator checks in `hello`
 * (protocol.ts owns the words). The result is the `hello.payout` field as sent.
 */
export async function signPayoutBinding(signer: PayoutSigner, nodeId: string): Promise<{ address: string; signature: string }> {
  const address = signer.address;
  const signature = await signer.signMessage(payoutBindingMessage(nodeId, address));
  // Signers already check this; the coordinator would refuse a wrong binding much later and less clearly.
  const recovered = recoverSigner(payoutBindingMessage(nodeId, address), signature);
  if (!recovered || !sameAddress(recovered, address)) {
    throw new PlexError('WALLET_FAILED', `The wallet's signature of the payout binding is not from ${address}.`);
  }
  return { address, signature };
}
