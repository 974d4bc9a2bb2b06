import { z } from 'zod';
import { PlexError } from '../../common/errors';
import { AddressSchema, SignatureSchema, payoutBindingMessage, recoverSigner, sameAddress } from '../../common/protocol';
import { readJsonFile, writeJsonFile } from '../store/json-file';
import type { PayoutSigner } from './signer';

export { payoutBindingMessage };

export interface PayoutBinding {
  address: string;
  signature: string;
}

/**
 * Asks the owner's wallet to sign the payout binding the coordinator checks in `hello`
 * (protocol.ts owns the words). The result is the `hello.payout` field as sent.
 */
export async function signPayoutBinding(signer: PayoutSigner, nodeId: string): Promise<PayoutBinding> {
  const address = signer.address;
  const signature = await signer.signMessage(payoutBindingMessage(nodeId, address));
  // Signers already check this; the coordinator would refuse a wrong binding much later and less clearly.
  if (!isValidBinding(nodeId, { address, signature })) {
    throw new PlexError('WALLET_FAILED', `The wallet's signature of the payout binding is not from ${address}.`);
  }
  return { address, signature };
}

function isValidBinding(nodeId: string, binding: PayoutBinding): boolean {
  const recovered = recoverSigner(payoutBindingMessage(nodeId, binding.address), binding.signature);
  return recovered !== null && sameAddress(recovered, binding.address);
}

const StoredBindingSchema = z.object({ nodeId: AddressSchema, address: AddressSchema, signature: SignatureSchema });

/**
 * The binding is signed once per (node, payout address) and kept in the data directory: the
 * network client sends it in every `hello`, and the owner must not be asked on their phone at
 * every reconnect. A stored binding is re-verified before use, so a tampered file only costs a
 * new signature.
 */
export class PayoutBindingStore {
  constructor(private readonly path: string) {}

  async get(signer: PayoutSigner, nodeId: string): Promise<PayoutBinding> {
    const { value } = await readJsonFile(this.path, StoredBindingSchema.nullable(), null);
    if (value && sameAddress(value.nodeId, nodeId) && sameAddress(value.address, signer.address) && isValidBinding(nodeId, value)) {
      return { address: value.address, signature: value.signature };
    }
    const binding = await signPayoutBinding(signer, nodeId);
    await writeJsonFile(this.path, { nodeId, ...binding });
    return binding;
  }
}
