// src/devnet: the embedded local network `npm start` runs (chain, contracts, coordinator, demand,
// peer node, WalletConnect relay, and the miner with its UI), all on 127.0.0.1.
export { startDevnet, DEVNET_EPOCH_MS, type Devnet, type DevnetOptions } from './devnet';
export { startChain, DEVNET_CHAIN_ID, type DevnetChain } from './chain';
export { DemandGenerator, seededRandom, randomInput } from './demand';
export { devnetCatalog, type DevnetModel } from './catalog';
export { joinDevnet, readDevnetDescriptor, DevnetDescriptorSchema, type DevnetDescriptor } from './descriptor';
export { createDevnetWallet, devnetChainSpec, devnetStakingConfig } from './miner';
