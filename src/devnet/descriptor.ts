import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { AddressSchema } from '../common/protocol';
import type { Engine } from '../engine/engine';
import type { WalletService } from '../engine/wallet';
import { joinNetwork } from '../engine/network/join';

/**
 * What a miner needs to join a running devnet, written by the devnet to `devnet.json` in the
 * miner's data directory. The headless miner joins through it like the desktop app does (whose
 * main process finds it through PLEXAI_DEVNET), so one code path serves both.
 * It holds the dev wallet's key: a well-known Hardhat key, worthless off this local chain.
 */
export const DevnetDescriptorSchema = z.object({
  rpcUrl: z.string().url(),
  chainId: z.number().int().positive(),
  coordinatorUrl: z.string().url(),
  relayUrl: z.string().url(),
  addresses: z.object({ token: AddressSchema, distributor: AddressSchema, staking: AddressSchema, miningRewards: AddressSchema }),
  /** The contracts' deployment block, where the wallet's transaction feed starts reading. */
  startBlock: z.number().int().min(0).optional(),
  devWallet: z.object({ address: AddressSchema, privateKey: z.string().regex(/^0x[0-9a-fA-F]{64}$/) }),
});
export type DevnetDescriptor = z.infer<typeof DevnetDescriptorSchema>;

export async function writeDevnetDescriptor(path: string, descriptor: DevnetDescriptor): Promise<void> {
  await writeFile(path, JSON.stringify(DevnetDescriptorSchema.parse(descriptor), null, 2), { mode: 0o600 });
}

export async function readDevnetDescriptor(path: string): Promise<DevnetDescriptor> {
  return DevnetDescriptorSchema.parse(JSON.parse(await readFile(path, 'utf8')));
}

/**
 * Joins `engine`, created with `createDevnetWallet`'s wallet, to the devnet described in
 * `descriptorFile`. The desktop app's main process does the same with the file PLEXAI_DEVNET names.
 */
export async function joinDevnet(engine: Engine, wallet: WalletService, options: { dataDir: string; descriptorFile: string }): Promise<DevnetDescriptor> {
  const descriptor = await readDevnetDescriptor(options.descriptorFile);
  await joinNetwork(engine, wallet, { coordinatorUrl: descriptor.coordinatorUrl, dataDir: options.dataDir });
  return descriptor;
}
