import { z } from 'zod';
import type { Disposable, Event } from '../../common/lifecycle';
import { AddressSchema } from '../../common/protocol';

/**
 * The owner's wallet as the engine sees it: the payout address, and the two things the engine
 * asks of it (an EIP-191 signature binding that address to the node, and transactions for
 * staking and claims). Two implementations: a WalletConnect session with the owner's phone
 * (mainnet, testnet) and, on the devnet only, a local key.
 */
export interface PayoutSigner extends Disposable {
  readonly kind: 'walletconnect' | 'local-dev';
  /** What the UI shows next to the address, e.g. "MetaMask Wallet" or "Local dev wallet (devnet only)". */
  readonly label: string;
  /** Checksummed. Changes only with `onDidChangeAccount`. */
  readonly address: string;
  readonly chainId: number;
  /** personal_sign (EIP-191) of UTF-8 text; the signature is checked against `address` before it is returned. */
  signMessage(message: string): Promise<string>;
  /** Sends a transaction from `address` on `chainId`; resolves with its hash once the wallet broadcast it. */
  sendTransaction(tx: TransactionRequest): Promise<string>;
  /** Ends the session on both ends; `onDidEnd` fires. */
  disconnect(): Promise<void>;
  /** The wallet switched accounts or chains while connected (the payout binding must be signed again). */
  readonly onDidChangeAccount: Event<{ address: string; chainId: number }>;
  /** The session is over: disconnected here, by the wallet, or expired. The signer is unusable afterwards. */
  readonly onDidEnd: Event<{ reason: SessionEndReason }>;
}

export type SessionEndReason = 'disconnected' | 'peer-disconnected' | 'expired';

const HexDataSchema = z.string().regex(/^0x([0-9a-fA-F]{2})*$/, 'expected 0x-prefixed hex bytes');

/** The subset of a transaction the engine writes: calls to our contracts, optionally with value. */
export const TransactionRequestSchema = z.object({
  to: AddressSchema,
  data: HexDataSchema.max(2 + 2 * 128 * 1024).optional(),
  value: z.bigint().min(0n).optional(),
  /** Gas limit; the wallet estimates when absent. */
  gas: z.bigint().min(21_000n).max(30_000_000n).optional(),
});
export type TransactionRequest = z.input<typeof TransactionRequestSchema>;

export const LOCAL_DEV_WALLET_LABEL = 'Local dev wallet (devnet only)';

/** The chain this network runs on: what the wallet must use, and what a wallet needs to add it. */
export interface ChainSpec {
  chainId: number;
  name: string;
  rpcUrl: string;
  explorerUrl?: string;
  nativeCurrency: { name: string; symbol: string; decimals: number };
}
