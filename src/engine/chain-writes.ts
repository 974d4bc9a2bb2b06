import { decodePlexAiRevert } from '../chain';
import { PlexError } from '../common/errors';
import { errorDetail } from './chain-rpc';

/** How one kind of write (a stake, a reward claim) names its failures to the owner. */
export interface WriteFailureWords {
  /** A custom error the contract reverted with, decoded from the revert data. */
  revert(name: string, args: unknown[]): PlexError;
  /** A revert whose reason cannot be decoded. */
  refused(detail: string): string;
  /** The owner declined in the wallet. */
  declined: string;
  /** Anything else: the RPC failing, or the wallet's broadcast. */
  unavailable(detail: string): string;
}

/**
 * A failed write, or its simulation before a signature is asked for, as a typed error: ours (the
 * wallet's refusals and time-outs included) pass unchanged, a contract revert becomes
 * CHAIN_REVERTED with its reason in words, the owner's refusal WALLET_REJECTED, anything else
 * CHAIN_UNAVAILABLE.
 */
export function writeError(error: unknown, words: WriteFailureWords): PlexError {
  if (error instanceof PlexError) return error;
  const revert = decodePlexAiRevert(error);
  if (revert) return words.revert(revert.name, revert.args);
  const code = (error as { code?: unknown } | null | undefined)?.code;
  if (code === 'CALL_EXCEPTION') return new PlexError('CHAIN_REVERTED', words.refused(errorDetail(error)));
  if (code === 'ACTION_REJECTED') return new PlexError('WALLET_REJECTED', words.declined);
  return new PlexError('CHAIN_UNAVAILABLE', words.unavailable(errorDetail(error)));
}

/**
 * The receipt of a sent transaction once mined. A reverted one (status 0) or one the chain has no
 * receipt for is CHAIN_REVERTED: a write is done only when its receipt says so, whatever the
 * wallet answered when it broadcast.
 */
export async function confirmedReceipt<R extends { status: number | null }>(tx: { hash: string; wait(): Promise<R | null> }, what: string): Promise<R> {
  const receipt = await tx.wait();
  if (!receipt) throw new PlexError('CHAIN_REVERTED', `The ${what} transaction ${tx.hash} was not confirmed: the chain has no receipt for it.`);
  if (receipt.status !== 1) throw new PlexError('CHAIN_REVERTED', `The ${what} transaction ${tx.hash} failed on chain.`);
  return receipt;
}
