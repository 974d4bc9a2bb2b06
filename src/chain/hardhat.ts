import { BrowserProvider, type Eip1193Provider } from 'ethers';
import { fileURLToPath } from 'node:url';

export interface HardhatRuntime {
  network: { name: string; provider: Eip1193Provider };
}

/**
 * Hardhat's in-process chain (EDR), for the devnet and the tests. Hardhat keeps one runtime per
 * process and, used as a library, reads its --config flag from HARDHAT_CONFIG.
 */
export async function loadHardhat(): Promise<HardhatRuntime> {
  process.env.HARDHAT_CONFIG ??= fileURLToPath(new URL('../../contracts/hardhat.config.cjs', import.meta.url));
  return ((await import('hardhat')) as unknown as { default: HardhatRuntime }).default;
}

/** An ethers provider on the in-process chain, with its chain id. */
export async function hardhatProvider(): Promise<{ provider: BrowserProvider; chainId: number }> {
  const provider = new BrowserProvider((await loadHardhat()).network.provider);
  return { provider, chainId: Number((await provider.getNetwork()).chainId) };
}
