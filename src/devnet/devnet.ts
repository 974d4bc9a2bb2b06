import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseUnits } from 'ethers';
import { deployPlexAi, type PlexAiAddresses } from '../chain';
import { runCoordinator, type RunningCoordinator } from '../coordinator/run';
import { createEngine } from '../engine/create-engine';
import type { Engine } from '../engine/engine';
import { startControlServer, type ControlServer } from '../host/control-server';
import { devnetCanaries } from './canaries';
import { devnetCatalog, devnetCoordinatorConfig } from './catalog';
import { startChain, type DevnetChain } from './chain';
import { DemandGenerator } from './demand';
import { joinDevnet, readDevnetDescriptor, writeDevnetDescriptor } from './descriptor';
import { loadLocalCompute } from './local-compute';
import { devnetEarningsConfig } from './earnings';
import { createDevnetWallet, devnetStakingConfig } from './miner';
import { startPeerNode, type PeerNode } from './peer';
import { startWalletConnectRelay, type WalletConnectRelay } from './walletconnect-relay';

export const DEVNET_EPOCH_MS = 2 * 60_000;

/** Dev account roles: Hardhat's accounts #0–#2. */
const DEPLOYER = 0;
const DEV_WALLET = 1;
const PEER_PAYOUT = 2;

const token = (amount: string) => parseUnits(amount, 18);

export interface DevnetOptions {
  /** The miner's data directory; the devnet's own state (coordinator store, peer) lives in its devnet/ folder. */
  dataDir: string;
  appVersion: string;
  /** The headless UI's port (0: a free one). */
  uiPort?: number;
  /** 'headless': the engine and its control UI run here; 'none': the caller runs the miner (Electron). */
  miner?: 'headless' | 'none';
  /** Start mining right away with CPU mode on and the dedicated-rig policy (demos, tests). */
  mine?: boolean;
  epochMs?: number;
  tasksPerSecond?: number;
  seed?: number;
  simulatedHardware?: string;
  /** The miner's view of battery and other processes' load (tests on a shared machine pass a quiet one). */
  system?: Parameters<typeof createEngine>[0]['system'];
  /** Where the UI's files are; required for miner 'headless'. */
  rendererDir?: string;
  log?: (line: string) => void;
}

export interface Devnet {
  rpcUrl: string;
  chainId: number;
  chain: DevnetChain;
  addresses: PlexAiAddresses;
  coordinatorUrl: string;
  coordinator: RunningCoordinator;
  apiKey: string;
  relayUrl: string;
  /** The devnet dev wallet: the miner's payout, funded with PLEXAI. DEVNET ONLY. */
  devWallet: { address: string; privateKey: string };
  demand: DemandGenerator;
  peer: PeerNode;
  /** Present with miner 'headless'. */
  engine: Engine | null;
  uiUrl: string | null;
  /** devnet.json in the miner's data directory: how a miner (the desktop app's too) joins. */
  descriptorFile: string;
  stop(): Promise<void>;
}

/** Each part's teardown may take this long before the next one goes anyway, so Ctrl-C always ends. */
const STOP_TIMEOUT_MS = 5_000;

/**
 * The embedded local network `npm start` runs, all on 127.0.0.1: a Hardhat (EDR) chain with the
 * contracts deployed and funded, the local WalletConnect relay, the coordinator on PGlite with the
 * bundled models, canaries for them (so every node, the user's miner too, is checked against
 * known answers before its results count) and short epochs publishing roots to MiningRewards, a
 * peer node so results can be cross-checked, the demand generator, and the miner with its UI. One line per part goes to
 * `log`. Parts start in dependency order and stop in reverse; if any fails to start, those
 * already up are stopped before the error is thrown.
 */
export async function startDevnet(options: DevnetOptions): Promise<Devnet> {
  const log = options.log ?? (() => {});
  const stack: { name: string; stop: () => Promise<void> | void }[] = [];
  const stopAll = async () => {
    while (stack.length) {
      const part = stack.pop()!;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.resolve().then(part.stop).catch((error: Error) => log(`devnet: stopping ${part.name} failed: ${error.message}`)),
        new Promise<void>((resolve) => (timer = setTimeout(() => (log(`devnet: ${part.name} did not stop within ${STOP_TIMEOUT_MS} ms; going on`), resolve()), STOP_TIMEOUT_MS))),
      ]);
      clearTimeout(timer);
    }
  };
  try {
    const devnetDir = join(options.dataDir, 'devnet');
    // The chain starts from genesis every run, so the coordinator's epochs and credits must too:
    // a store from an earlier run would claim roots that this chain never saw.
    await rm(devnetDir, { recursive: true, force: true });
    await mkdir(devnetDir, { recursive: true });

    // TF.js and the models load while the chain and the store come up: the canaries' answers and
    // the peer node need them, and they are most of a second of start-up on their own.
    const computing = devnetCatalog().then(async (models) => {
      const compute = await loadLocalCompute(models);
      return { models, compute, canaries: await devnetCanaries(models, compute) };
    });
    // Should an earlier part fail, the error thrown is that part's; this one waits to be awaited.
    computing.catch(() => undefined);

    const chain = await startChain();
    stack.push({ name: 'chain', stop: () => chain.stop() });
    const deployer = chain.account(DEPLOYER);
    const devWallet = chain.account(DEV_WALLET);
    const deployment = await deployPlexAi(deployer, {
      stakingRewardPool: token('10000000'),
      miningRewardsFunding: token('50000000'),
    });
    // The dev wallet gets PLEXAI to stake with; the deployer numbers its own nonce (ethers caches
    // eth_getTransactionCount for 250 ms, and deployPlexAi's sends were just now).
    const nonce = Number(BigInt((await chain.provider.send('eth_getTransactionCount', [deployer.address, 'pending'])) as string));
    await (await deployment.contracts.token.transfer(devWallet.address, token('100000'), { nonce })).wait();
    const { addresses } = deployment;
    log(`chain: ${chain.rpcUrl} (chain id ${chain.chainId}, Hardhat EDR; dev wallet ${devWallet.address} holds 100,000 PLEXAI)`);
    log(`contracts: PLEXAI ${addresses.token}, PlexAiStaking ${addresses.staking}, RewardDistributor ${addresses.distributor}, MiningRewards ${addresses.miningRewards}`);

    const relay: WalletConnectRelay = await startWalletConnectRelay({ requireAuth: true });
    stack.push({ name: 'relay', stop: () => relay.close() });
    log(`walletconnect relay: ${relay.url}`);

    const { models, compute, canaries } = await computing;
    const apiKey = `devnet-${randomBytes(12).toString('hex')}`;
    const epochMs = options.epochMs ?? DEVNET_EPOCH_MS;
    const coordinator = await runCoordinator(
      {
        host: '127.0.0.1',
        port: 0,
        dataDir: join(devnetDir, 'coordinator'),
        apiKeys: [apiKey],
        epochMs,
        // This network begins now, as its chain did: epochs 0, 1, 2...
        genesis: Date.now(),
        chain: { rpcUrl: chain.rpcUrl, miningRewards: addresses.miningRewards, publisherKey: deployer.privateKey },
      },
      log,
      devnetCoordinatorConfig(models, canaries),
    );
    stack.push({ name: 'coordinator', stop: () => coordinator.stop() });

    const peer = await startPeerNode({ coordinatorUrl: coordinator.url, payout: chain.account(PEER_PAYOUT), compute, outboxDir: join(devnetDir, 'peer-outbox') });
    stack.push({ name: 'peer node', stop: () => peer.dispose() });
    log(`peer node: ${peer.nodeId} (cross-checks every result until nodes earn trust; payout ${peer.payout})`);

    const tasksPerSecond = options.tasksPerSecond ?? 2;
    const seed = options.seed ?? 1;
    const demand = new DemandGenerator({ coordinatorUrl: coordinator.url, apiKey, models, tasksPerSecond, seed });
    demand.start();
    stack.push({ name: 'demand', stop: () => demand.stop() });
    log(`demand: ${tasksPerSecond} tasks/s on ${models.map((m) => m.spec.ref.id).join(', ')} (seed ${seed}); submit your own: POST ${coordinator.url}/v1/tasks with x-api-key: ${apiKey}`);

    const descriptorFile = join(options.dataDir, 'devnet.json');
    await writeDevnetDescriptor(descriptorFile, {
      rpcUrl: chain.rpcUrl,
      chainId: chain.chainId,
      coordinatorUrl: coordinator.url,
      relayUrl: relay.url,
      addresses,
      startBlock: deployment.startBlock,
      devWallet: { address: devWallet.address, privateKey: devWallet.privateKey },
    });

    let engine: Engine | null = null;
    let ui: ControlServer | null = null;
    if ((options.miner ?? 'headless') === 'headless') {
      if (!options.rendererDir) throw new Error('the headless miner needs rendererDir');
      // The wallet first: createEngine hands it to the engine, which owns it from then on; until
      // then (and for engines that do not dispose it) the devnet does, and disposing twice is harmless.
      const descriptor = await readDevnetDescriptor(descriptorFile);
      const wallet = await createDevnetWallet(descriptor, options.dataDir);
      stack.push({ name: 'wallet', stop: () => wallet.dispose() });
      const created = await createEngine({
        wallet,
        staking: devnetStakingConfig(descriptor),
        earnings: devnetEarningsConfig(descriptor),
        dataDir: options.dataDir,
        appVersion: options.appVersion,
        transport: 'headless',
        ...(options.simulatedHardware ? { simulatedHardware: options.simulatedHardware } : {}),
        ...(options.system ? { system: options.system } : {}),
      });
      engine = created.engine;
      const minerEngine = engine;
      stack.push({ name: 'miner', stop: () => minerEngine.dispose() });
      for (const warning of created.warnings) log(`Warning: ${warning}`);
      await joinDevnet(engine, wallet, { dataDir: options.dataDir, descriptorFile });
      if (options.mine) {
        // A demo and the tests share the machine with their own load: the miner should not yield to it.
        await engine.api.updateSettings({ cpuMode: true, dedicatedRig: true, pauseForOtherLoad: false });
        await engine.api.startMining({});
      }
      const server = await startControlServer(engine, { port: options.uiPort ?? 0, rendererDir: options.rendererDir });
      ui = server;
      stack.push({ name: 'UI', stop: () => server.close() });
      log(`miner: mining for ${devWallet.address} (${options.mine ? 'mining now, CPU mode, dedicated rig, beside other programs' : 'press Start in the UI'}); data: ${options.dataDir}`);
    }

    return {
      rpcUrl: chain.rpcUrl,
      chainId: chain.chainId,
      chain,
      addresses,
      coordinatorUrl: coordinator.url,
      coordinator,
      apiKey,
      relayUrl: relay.url,
      devWallet: { address: devWallet.address, privateKey: devWallet.privateKey },
      demand,
      peer,
      engine,
      uiUrl: ui?.url ?? null,
      descriptorFile,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
