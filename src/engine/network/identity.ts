import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Wallet } from 'ethers';
import { z } from 'zod';

const IdentityFileSchema = z.object({ privateKey: z.string().regex(/^0x[0-9a-fA-F]{64}$/) });

/**
 * The node's own secp256k1 identity key: it signs hellos and result batches, never moves funds.
 * Made on first use and kept readable by the owner only.
 */
export async function loadOrCreateIdentity(path: string): Promise<Wallet> {
  try {
    const saved = IdentityFileSchema.parse(JSON.parse(await readFile(path, 'utf8')));
    return new Wallet(saved.privateKey);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      // A damaged key file is an identity the coordinator may already credit: never overwrite it.
      throw new Error(`The node identity at ${path} is unreadable (${(error as Error).message}); move it aside to start a new identity.`);
    }
  }
  const wallet = Wallet.createRandom();
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ privateKey: wallet.privateKey }), { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
  return new Wallet(wallet.privateKey);
}
