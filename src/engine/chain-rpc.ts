import { JsonRpcProvider, type Provider } from 'ethers';
import { toDisposable, type DisposableStore } from '../common/lifecycle';

/**
 * The provider a chain service reads through: the one it was given (tests pass Hardhat's
 * in-process one, and keep it), or its own on the chain's RPC URL, destroyed with the service.
 * `pollingInterval` is how often its own polls for a sent transaction's receipt.
 */
export function serviceProvider<P extends Provider>(
  given: P | undefined,
  rpc: { rpcUrl: string; chainId: number; pollingInterval?: number },
  disposables: DisposableStore,
): P | JsonRpcProvider {
  if (given) return given;
  const own = new JsonRpcProvider(rpc.rpcUrl, rpc.chainId, { staticNetwork: true, ...(rpc.pollingInterval ? { pollingInterval: rpc.pollingInterval } : {}) });
  disposables.add(toDisposable(() => own.destroy()));
  return own;
}

/**
 * An error's own words for a status line: ethers' `shortMessage` where it has one (its `message`
 * carries the whole request and response), cut short because an RPC can answer with pages.
 */
export function errorDetail(error: unknown): string {
  const e = error as { shortMessage?: unknown; message?: unknown } | null | undefined;
  const text = typeof e?.shortMessage === 'string' ? e.shortMessage : typeof e?.message === 'string' ? e.message : String(error);
  return text.slice(0, 300);
}
