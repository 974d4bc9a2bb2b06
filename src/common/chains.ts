/**
 * What the app knows about each chain it can run on, in one place: the name people read, the
 * native coin gas is paid in, and the block explorer (none on the devnet: nothing public
 * indexes a local chain).
 */

/** The Hardhat in-process network the devnet runs (src/devnet/chain.ts checks it is served). */
export const DEVNET_CHAIN_ID = 31337;

export interface ChainInfo {
  id: number;
  name: string;
  nativeSymbol: string;
  /** The explorer's origin, https only; null where no public explorer indexes the chain. */
  explorer: string | null;
}

const chains: Record<number, ChainInfo> = {
  56: { id: 56, name: 'BNB Smart Chain', nativeSymbol: 'BNB', explorer: 'https://bscscan.com' },
  97: { id: 97, name: 'BNB Smart Chain Testnet', nativeSymbol: 'tBNB', explorer: 'https://testnet.bscscan.com' },
  [DEVNET_CHAIN_ID]: { id: DEVNET_CHAIN_ID, name: 'PlexAi devnet', nativeSymbol: 'ETH', explorer: null },
};

/** Every explorer origin the app links to. */
export function explorerOrigins(): string[] {
  return Object.values(chains).flatMap((c) => (c.explorer ? [c.explorer] : []));
}

/** The chain's metadata, or null for a chain this version of the app does not know. */
export function chainInfo(chainId: number): ChainInfo | null {
  return chains[chainId] ?? null;
}

export function chainName(chainId: number): string {
  return chains[chainId]?.name ?? `chain ${chainId}`;
}

/** "BNB Smart Chain (chain 56)", or "Chain 8453" for one this app does not know. */
export function chainLabel(chainId: number): string {
  const name = chains[chainId]?.name;
  return name ? `${name} (chain ${chainId})` : `Chain ${chainId}`;
}

const TX_HASH = /^0x[0-9a-fA-F]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** The explorer's page for a transaction; null on a chain without a public explorer or for a malformed hash. */
export function explorerTxUrl(chainId: number, hash: string): string | null {
  const explorer = chains[chainId]?.explorer;
  return explorer && TX_HASH.test(hash) ? `${explorer}/tx/${hash}` : null;
}

/** The explorer's page for an address (its full history); null where there is no explorer. */
export function explorerAddressUrl(chainId: number, address: string): string | null {
  const explorer = chains[chainId]?.explorer;
  return explorer && ADDRESS.test(address) ? `${explorer}/address/${address}` : null;
}
