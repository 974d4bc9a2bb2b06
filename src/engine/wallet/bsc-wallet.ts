import { join } from 'node:path';
import { PUBLIC_RELAY_URL } from '../../common/walletconnect';
import type { WalletServiceOptions } from './service';
import type { ChainSpec } from './signer';

export const BSC_MAINNET: ChainSpec = {
  chainId: 56,
  name: 'BNB Smart Chain',
  rpcUrl: 'https://bsc-dataseed.bnbchain.org',
  explorerUrl: 'https://bscscan.com',
  nativeCurrency: { name: 'BNB', symbol: 'BNB', decimals: 18 },
};

/**
 * The owner's wallet off the devnet: WalletConnect on BNB Smart Chain through the public relay,
 * which works once the owner has entered the project id it needs (Settings, WalletConnect).
 */
export function bscWalletOptions(dataDir: string): WalletServiceOptions {
  return {
    chain: BSC_MAINNET,
    walletConnect: { relayUrl: PUBLIC_RELAY_URL, projectId: null, storagePath: join(dataDir, 'walletconnect.json') },
    bindingPath: join(dataDir, 'payout-binding.json'),
  };
}
