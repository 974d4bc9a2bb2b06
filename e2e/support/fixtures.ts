import { join } from 'node:path';
import { test as base, type TestInfo } from '@playwright/test';
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
 * The devnets of one worker: one per spec file that asks for one, started by its first test that
 * needs it and stopped when the worker goes on to another file's tests (or ends), as a file's
 * beforeAll and afterAll would. (Playwright's own way to give each file its worker-scoped devnet,
 * a worker option set per file, starts a new worker, Node and Chromium, at each such file: measured
 * here, that made the suite 5–10 s slower.)
 */
class WorkerDevnets {
  private current: { key: string; devnet: Promise<RunningDevnet> } | null = null;

  /** The devnet for `key`, started with `options` unless it runs already. */
  async get(key: string, options: DevnetOptions): Promise<RunningDevnet> {
    if (this.current?.key !== key) {
      await this.release();
      this.current = { key, devnet: startDevnet(options) };
    }
    const starting = this.current;
    return starting.devnet.catch((error: unknown) => {
      if (this.current === starting) this.current = null;
      throw error;
    });
  }

  /** Stops the running devnet unless it is `key`'s. */
  async keepOnly(key: string): Promise<void> {
    if (this.current && this.current.key !== key) await this.release();
  }

  async release(): Promise<void> {
    const running = this.current;
    this.current = null;
    await (await running?.devnet.catch(() => undefined))?.stop();
  }
}

/** Phone wallets of one test, on the devnet's relay; all closed after the test. */
export interface Phones {
  /** `sendsTransactions`: the phone signs and sends what the app asks, through the devnet's RPC. */
  start(options: { answer: 'approve' | 'reject' | 'hold'; chainId?: number; sendsTransactions?: boolean; holdsTransactions?: boolean }): Promise<PhoneWallet>;
}

interface TestFixtures {
  /** How `host` starts: `test.use({ hostOptions: { simulateHardware } })` for a simulated rig. */
  hostOptions: HostOptions;
  /** A fresh `plexai headless` in its own data directory, for one test: its settings leak nowhere. */
  host: RunningHost & { dataDir: string };
  /** How this file's devnet starts: `test.use({ devnetOptions: { mine: true } })`. */
  devnetOptions: DevnetOptions;
  /**
   * This spec file's devnet, shared by its tests (they are written to run in order on it) and by
   * no other file's; a failing test gets the devnet's output attached to its report.
   */
  devnet: RunningDevnet;
  /** Stops another file's devnet before a test of this file runs, so it loads nobody's machine. */
  otherFilesDevnetStopped: void;
  devnetRpc: DevnetRpc;
  /** The devnet's contracts, read through its RPC. */
  chain: PlexAiContracts;
  /** A PLEXAI balance, fresh, never from ethers' 250 ms cache: right after a confirmed transaction. */
  balance: (address: string) => Promise<bigint>;
  phones: Phones;
}

interface WorkerFixtures {
  devnets: WorkerDevnets;
  /** One `plexai headless` for the tests of a worker that leave it as they found it. */
  sharedHost: RunningHost & { dataDir: string };
}

/** Runs a host while `use` runs: the body of both host fixtures; a failing test gets the output of its own host. */
async function hostFor(options: HostOptions, use: (host: RunningHost & { dataDir: string }) => Promise<void>, testInfo?: TestInfo): Promise<void> {
  const host = await startHost(options);
  await use(host);
  if (testInfo && testInfo.status !== testInfo.expectedStatus) await testInfo.attach('host output', { body: host.output(), contentType: 'text/plain' });
  await host.stop();
}

const devnetKey = (file: string, options: DevnetOptions) => `${file} ${JSON.stringify(options)}`;

export const test = base.extend<TestFixtures, WorkerFixtures>({
  hostOptions: [{}, { option: true }],
  host: async ({ hostOptions }, use, testInfo) => hostFor(hostOptions, use, testInfo),
  sharedHost: [async ({}, use) => hostFor({}, use), { scope: 'worker' }],

  devnets: [
    async ({}, use) => {
      const devnets = new WorkerDevnets();
      await use(devnets);
      await devnets.release();
    },
    { scope: 'worker' },
  ],
  devnetOptions: [{}, { option: true }],
  otherFilesDevnetStopped: [
    async ({ devnets, devnetOptions }, use, testInfo) => {
      await devnets.keepOnly(devnetKey(testInfo.file, devnetOptions));
      await use();
    },
    { auto: true },
  ],
  devnet: [
    async ({ devnets, devnetOptions }, use, testInfo) => {
      const devnet = await devnets.get(devnetKey(testInfo.file, devnetOptions), devnetOptions);
      await use(devnet);
      if (testInfo && testInfo.status !== testInfo.expectedStatus) await testInfo.attach('devnet output', { body: devnet.output(), contentType: 'text/plain' });
    },
    // The chain, contracts, coordinator and models come up first: a loaded 2-core box needs time.
    { timeout: 150_000 },
  ],
  devnetRpc: async ({ devnet }, use) => {
    const descriptor = await readDevnetDescriptor(join(devnet.dataDir, 'devnet.json'));
    const provider = new JsonRpcProvider(descriptor.rpcUrl, descriptor.chainId, { staticNetwork: true });
    await use({ rpcUrl: descriptor.rpcUrl, provider, addresses: descriptor.addresses });
    provider.destroy();
  },
  chain: async ({ devnetRpc }, use) => {
    await use(connectPlexAi(devnetRpc.addresses, devnetRpc.provider));
  },
  balance: async ({ devnetRpc, chain }, use) => {
    await use(async (address) => {
      const block = Number(BigInt((await devnetRpc.provider.send('eth_blockNumber', [])) as string));
      return chain.token.balanceOf(address, { blockTag: block });
    });
  },
  phones: async ({ devnet, devnetRpc }, use) => {
    const started: PhoneWallet[] = [];
    await use({
      start: async ({ answer, chainId = devnet.chainId, sendsTransactions = false, holdsTransactions = false }) => {
        const phone = await startPhoneWallet({ relayUrl: devnet.relayUrl, chainId, answer, holdsTransactions, ...(sendsTransactions ? { rpcUrl: devnetRpc.rpcUrl } : {}) });
        started.push(phone);
        return phone;
      },
    });
    await Promise.all(started.map((p) => p.close()));
  },
});
