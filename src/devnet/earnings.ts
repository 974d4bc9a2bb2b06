import { chainInfo } from '../common/chains';
import type { EarningsConfig } from '../engine/earnings/service';
import type { DevnetDescriptor } from './descriptor';

/** PLEXAI has no market on the devnet: the dashboard values it at this fixed price and says so. */
export const DEVNET_USD_PRICE = 1;

/**
 * Mining rewards on the devnet: its coordinator's earnings and proofs, and MiningRewards on its
 * chain, for createEngine. Read often, since devnet epochs are minutes (seconds in tests) long.
 */
export function devnetEarningsConfig(descriptor: DevnetDescriptor): EarningsConfig {
  return {
    coordinatorUrl: descriptor.coordinatorUrl,
    rpcUrl: descriptor.rpcUrl,
    chainId: descriptor.chainId,
    addresses: { token: descriptor.addresses.token, miningRewards: descriptor.addresses.miningRewards },
    nativeSymbol: chainInfo(descriptor.chainId)?.nativeSymbol ?? 'ETH',
    price: { usd: DEVNET_USD_PRICE, source: 'Devnet: fixed at $1.00 per PLEXAI, not a market price' },
    refreshMs: 5_000,
    settleDelayMs: 1_500,
  };
}
