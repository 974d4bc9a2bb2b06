import { join } from 'node:path';
import type { Provider } from 'ethers';
import type { Engine } from '../engine/engine';
import { loadOrCreateIdentity } from '../engine/network/identity';
import { Outbox } from '../engine/network/outbox';
import { LocalDevSigner, PayoutBindingStore } from '../engine/wallet';

/**
 * Joins a miner engine to the devnet's coordinator with the devnet dev wallet as its payout: the
 * node's identity key and outbox in the miner's data directory (as on any network), and the
 * payout binding signed once by the local dev key and kept there too. Returns the signer, which
 * the caller disposes with the devnet.
 */
export async function connectMinerToDevnet(
  engine: Engine,
  options: { coordinatorUrl: string; dataDir: string; devWalletKey: string; provider: Provider; chainId: number },
): Promise<LocalDevSigner> {
  const identity = await loadOrCreateIdentity(join(options.dataDir, 'identity.json'));
  const outbox = await Outbox.open(join(options.dataDir, 'outbox'));
  const signer = await LocalDevSigner.create(options.devWalletKey, options.provider, options.chainId);
  const bindings = new PayoutBindingStore(join(options.dataDir, 'payout-binding.json'));
  engine.connectNetwork(
    { url: options.coordinatorUrl.replace(/^http/, 'ws') },
    { identity, payout: () => bindings.get(signer, identity.address), outbox },
  );
  return signer;
}
