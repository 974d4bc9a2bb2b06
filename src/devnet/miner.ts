import { join } from 'node:path';
import { JsonRpcProvider } from 'ethers';
import { WalletService, type ChainSpec } from '../engine/wallet';
import type { DevnetDescriptor } from './descriptor';
import type { StakingConfig } from '../engine/staking/service';

export function devnetChainSpec(descriptor: DevnetDescriptor): ChainSpec {
  return { chainId: descriptor.chainId, name: 'PlexAi devnet', rpcUrl: descriptor.rpcUrl, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 } };
}

/** Staking on the devnet: its chain and the PlexAi contracts it deployed, for createEngine. */
export function devnetStakingConfig(descriptor: DevnetDescriptor): StakingConfig {
  return { rpcUrl: descriptor.rpcUrl, chainId: descriptor.chainId, addresses: descriptor.addresses, ...(descriptor.startBlock === undefined ? {} : { startBlock: descriptor.startBlock }) };
}

/**
 * The owner's wallet on the devnet: WalletConnect through the devnet's local relay (so a phone
 * wallet pointed at it can pair) and the funded dev key, which is selected at once so the miner is
 * paid from its first task. Its WalletConnect storage lives in the devnet folder, which every run
 * starts afresh, as the relay does. Give it to createEngine, whose engine then owns it.
 */
export async function createDevnetWallet(descriptor: DevnetDescriptor, dataDir: string): Promise<WalletService> {
  const provider = new JsonRpcProvider(descriptor.rpcUrl, descriptor.chainId, { staticNetwork: true, pollingInterval: 250 });
  const wallet = await WalletService.create({
    chain: devnetChainSpec(descriptor),
    walletConnect: { relayUrl: descriptor.relayUrl, projectId: 'plexai-devnet', storagePath: join(dataDir, 'devnet', 'walletconnect.json') },
    bindingPath: join(dataDir, 'payout-binding.json'),
    devWallet: { privateKey: descriptor.devWallet.privateKey, provider },
  });
  try {
    await wallet.useDevWallet();
  } catch (error) {
    wallet.dispose();
    throw error;
  }
  return wallet;
}
