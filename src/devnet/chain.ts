import { HDNodeWallet, JsonRpcProvider, Mnemonic, Wallet } from 'ethers';
import { loadHardhat } from '../chain/hardhat';
import { DEVNET_CHAIN_ID } from '../common/chains';

/**
 * Hardhat's default dev accounts: the well-known "test … junk" mnemonic, each funded with
 * 10,000 ETH at genesis. Public knowledge, so never anything but a local chain's keys.
 */
const HARDHAT_MNEMONIC = 'test test test test test test test test test test test junk';

/** Hardhat's in-process network id; fixed, so a dev wallet signs for this chain and no other. */
export { DEVNET_CHAIN_ID };

export interface DevnetChain {
  /** http://127.0.0.1:PORT (the same port answers WebSocket JSON-RPC). */
  readonly rpcUrl: string;
  readonly chainId: number;
  /** A provider for the devnet's own use; polling is fast because blocks are mined on each send. */
  readonly provider: JsonRpcProvider;
  /** Funded dev accounts, connected to `provider`. */
  account(index: number): Wallet;
  stop(): Promise<void>;
}

interface JsonRpcServerLike {
  listen(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}

/**
 * Hardhat's EDR chain served over HTTP and WebSocket JSON-RPC on 127.0.0.1, in this process:
 * hardhat's own JsonRpcServer (the one `hardhat node` creates) over the runtime's in-process
 * provider, so nothing is spawned and nothing outlives stop(). The chain lives as long as the
 * process: Hardhat keeps one runtime per process, so a second devnet in the same process shares
 * its state (fresh contract addresses each deploy), which the tests rely on being harmless.
 */
export async function startChain(options: { port?: number } = {}): Promise<DevnetChain> {
  const hre = await loadHardhat();
  if (hre.network.name !== 'hardhat') throw new Error(`the devnet needs Hardhat's in-process network, not "${hre.network.name}"`);
  // hardhat/internal paths have no type declarations we can import under NodeNext: typed here.
  const { JsonRpcServer } = (await import('hardhat/internal/hardhat-network/jsonrpc/server.js' as string)) as {
    JsonRpcServer: new (config: { hostname: string; port: number; provider: unknown }) => JsonRpcServerLike;
  };
  const server = new JsonRpcServer({ hostname: '127.0.0.1', port: options.port ?? 0, provider: hre.network.provider });
  let address: { address: string; port: number };
  try {
    address = await server.listen();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`Port ${options.port} is already in use on 127.0.0.1: choose another chain port.`);
    }
    throw error;
  }
  const rpcUrl = `http://127.0.0.1:${address.port}`;
  const chainId = Number(BigInt((await hre.network.provider.request({ method: 'eth_chainId' })) as string));
  if (chainId !== DEVNET_CHAIN_ID) throw new Error(`the Hardhat config serves chain ${chainId}; the devnet expects ${DEVNET_CHAIN_ID}`);
  const provider = new JsonRpcProvider(rpcUrl, chainId, { staticNetwork: true, pollingInterval: 50 });
  const mnemonic = Mnemonic.fromPhrase(HARDHAT_MNEMONIC);
  return {
    rpcUrl,
    chainId,
    provider,
    account: (index) => new Wallet(HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${index}`).privateKey, provider),
    async stop() {
      provider.destroy();
      await server.close();
    },
  };
}
