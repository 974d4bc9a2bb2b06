import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { JsonRpcProvider } from 'ethers';
import { connectPlexAi, type PlexAiAddresses, type PlexAiContracts } from '../../src/chain';
import { readDevnetDescriptor } from '../../src/devnet/descriptor';
import { startDevnet, startHost, type RunningDevnet, type RunningHost } from './host';
import { startPhoneWallet, type PhoneWallet } from './phone-wallet';

export { expect } from '@playwright/test';

export type DevnetOptions = NonNullable<Parameters<typeof startDevnet>[0]>;
export type HostOptions = { simulateHardware?: string };

/** The devnet chain's RPC, read straight beside what the UI shows. */
interface DevnetRpc {
  rpcUrl: string;
  provider: JsonRpcProvider;
  addresses: PlexAiAddresses;
}

/**
 * A devnet whose own miner mines for the dev wallet, with 6-second epochs so one settles within a
 * test. One object, so the specs that only watch it (the Mining page's workers) and the Dashboard's
 * may share a worker's devnet: none of them depends on what the others do to it.
 */
export const miningDevnet: DevnetOptions = { mine: true, epochSeconds: 6 };

/** Phone wallets of one test, on the devnet's relay; all closed after the test. */
export interface Phones {
  /** `sendsTransactions`: the phone signs and sends what the app asks, through the devnet's RPC. */
  start(options: { answer: 'approve' | 'reject' | 'hold'; chainId?: number; sendsTransactions?: boolean }): Promise<PhoneWallet>;
}

interface TestFixtures {
  /** How `host` starts: `test.use({ hostOptions: { simulateHardware } })` for a simulated rig. */
  hostOptions: HostOptions;
  /** A fresh `plexai headless` in its own data directory, for one test: its settings leak nowhere. */
  host: RunningHost & { dataDir: string };
  /** The worker's devnet; a failing test gets the devnet's output attached to its report. */
  devnet: RunningDevnet;
  phones: Phones;
}

interface WorkerFixtures {
  /**
   * How the worker's devnet starts. Set it with a top-level `test.use` in each spec file that
   * needs a devnet (Playwright takes worker options nowhere else): each object set there gives
   * that file its own worker, so a devnet whose wallet or staking state its tests change is
   * shared with no other file. Files that pass the same object (`miningDevnet`) may share one
   * worker's devnet: only do that where the tests do not interfere.
   */
  devnetOptions: DevnetOptions;
  workerDevnet: RunningDevnet;
  devnetRpc: DevnetRpc;
  /** The devnet's contracts, read through its RPC. */
  chain: PlexAiContracts;
  /** A PLEXAI balance, fresh, never from ethers' 250 ms cache: right after a confirmed transaction. */
  balance: (address: string) => Promise<bigint>;
  /** One `plexai headless` for the tests of a worker that leave it as they found it. */
  sharedHost: RunningHost & { dataDir: string };
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  hostOptions: [{}, { option: true }],
  host: async ({ hostOptions }, use) => {
    const host = await startHost(hostOptions);
    await use(host);
    await host.stop();
  },
  sharedHost: [
    async ({}, use) => {
      const host = await startHost();
      await use(host);
      await host.stop();
    },
    { scope: 'worker' },
  ],

  devnetOptions: [{}, { option: true, scope: 'worker' }],
  workerDevnet: [
    async ({ devnetOptions }, use) => {
      const devnet = await startDevnet(devnetOptions);
      await use(devnet);
      await devnet.stop();
    },
    // The chain, contracts, coordinator and models come up first: a loaded 2-core box needs time.
    { scope: 'worker', timeout: 150_000 },
  ],
  devnet: async ({ workerDevnet }, use, testInfo) => {
    await use(workerDevnet);
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('devnet output', { body: workerDevnet.output(), contentType: 'text/plain' });
  },
  devnetRpc: [
    async ({ workerDevnet }, use) => {
      const descriptor = await readDevnetDescriptor(join(workerDevnet.dataDir, 'devnet.json'));
      const provider = new JsonRpcProvider(descriptor.rpcUrl, descriptor.chainId, { staticNetwork: true });
      await use({ rpcUrl: descriptor.rpcUrl, provider, addresses: descriptor.addresses });
      provider.destroy();
    },
    { scope: 'worker' },
  ],
  chain: [
    async ({ devnetRpc }, use) => {
      await use(connectPlexAi(devnetRpc.addresses, devnetRpc.provider));
    },
    { scope: 'worker' },
  ],
  balance: [
    async ({ devnetRpc, chain }, use) => {
      await use(async (address) => {
        const block = Number(BigInt((await devnetRpc.provider.send('eth_blockNumber', [])) as string));
        return chain.token.balanceOf(address, { blockTag: block });
      });
    },
    { scope: 'worker' },
  ],
  phones: async ({ devnet, devnetRpc }, use) => {
    const started: PhoneWallet[] = [];
    await use({
      start: async ({ answer, chainId = devnet.chainId, sendsTransactions = false }) => {
        const phone = await startPhoneWallet({ relayUrl: devnet.relayUrl, chainId, answer, ...(sendsTransactions ? { rpcUrl: devnetRpc.rpcUrl } : {}) });
        started.push(phone);
        return phone;
      },
    });
    await Promise.all(started.map((p) => p.close()));
  },
});
