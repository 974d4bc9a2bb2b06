import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonRpcProvider, type BrowserProvider } from 'ethers';
import { afterAll, beforeAll } from 'vitest';
import { hardhatProvider } from '../../chain/hardhat';
import { startWalletConnectRelay, type WalletConnectRelay } from '../../devnet/walletconnect-relay';
import { WalletService } from './service';
import type { ChainSpec } from './signer';

/** The devnet's chain as the wallet code is told of it: ETH pays gas, as on Hardhat. */
export function devnetChainSpec(chainId: number, rpcUrl = 'http://127.0.0.1:8545'): ChainSpec {
  return { chainId, name: 'PlexAi devnet', rpcUrl, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 } };
}

/** What the WalletConnect tests of one file share: a local relay, Hardhat's in-process chain, a scratch folder. */
export interface WalletTestbed {
  relay: WalletConnectRelay;
  /** Hardhat's in-process chain, where the phones and the dev key send their transactions. */
  provider: BrowserProvider;
  chain: ChainSpec;
  /** Removed with everything in it after the file's tests. */
  dir: string;
}

/**
 * Starts the testbed before a test file's tests and stops it after them. The object is filled in
 * by the file's beforeAll, so its fields are read inside tests, not at the file's top level.
 */
export function useWalletTestbed(dirPrefix: string): WalletTestbed {
  const bed = {} as WalletTestbed;
  beforeAll(async () => {
    const { provider, chainId } = await hardhatProvider();
    Object.assign(bed, {
      provider,
      chain: devnetChainSpec(chainId),
      relay: await startWalletConnectRelay(),
      dir: await mkdtemp(join(tmpdir(), dirPrefix)),
    });
  }, 60_000);
  afterAll(async () => {
    await bed.relay?.close();
    if (bed.dir) await rm(bed.dir, { recursive: true, force: true });
  });
  return bed;
}

/**
 * A WalletService with only the devnet's local key, already chosen, on a chain served over HTTP.
 * It gets its own provider, as each wallet has on the devnet: ethers counts nonces per provider.
 */
export async function devKeyWallet(chain: { chainId: number; rpcUrl: string }, privateKey: string, dir: string): Promise<WalletService> {
  const wallet = await WalletService.create({
    chain: devnetChainSpec(chain.chainId, chain.rpcUrl),
    walletConnect: null,
    bindingPath: join(dir, 'binding.json'),
    devWallet: { privateKey, provider: new JsonRpcProvider(chain.rpcUrl, chain.chainId, { staticNetwork: true, pollingInterval: 50 }) },
  });
  await wallet.useDevWallet();
  return wallet;
}
