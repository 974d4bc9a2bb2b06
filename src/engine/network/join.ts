import { join } from 'node:path';
import type { Engine } from '../engine';
import type { WalletService } from '../wallet';
import { loadOrCreateIdentity } from './identity';
import { Outbox } from './outbox';

/**
 * Joins a miner engine to the coordinator at `coordinatorUrl` (http(s) or ws(s)), paid to whichever
 * wallet `wallet` has connected (the engine re-binds when the owner switches): the node's identity
 * key and outbox live in the miner's data directory, on any network.
 */
export async function joinNetwork(engine: Engine, wallet: WalletService, options: { coordinatorUrl: string; dataDir: string }): Promise<void> {
  const identity = await loadOrCreateIdentity(join(options.dataDir, 'identity.json'));
  const outbox = await Outbox.open(join(options.dataDir, 'outbox'));
  engine.connectNetwork(
    { url: options.coordinatorUrl.replace(/^http/, 'ws') },
    { identity, payout: () => wallet.payoutBinding(identity.address), outbox },
  );
}
