import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Interface } from 'ethers';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { connectPlexAi, miningRewardsArtifact, miningRewardsAt } from '../chain';
import { TaskStatusSchema } from '../common/protocol';
import { loadOrCreateIdentity } from '../engine/network/identity';
import { LocalDevSigner } from '../engine/wallet';
import { rendererDir } from '../cli/paths';
import { readDevnetDescriptor } from './descriptor';
import { startDevnet, type Devnet } from './devnet';

/** Resolves true when something accepts TCP connections on the URL's port. */
function listening(url: string): Promise<boolean> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'plexai-devnet-'));
let devnet: Devnet | undefined;
afterAll(async () => {
  await devnet?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

// Everything real and in this process: Hardhat EDR over HTTP, the deployed contracts, the
// coordinator on PGlite, the peer node, the demand generator over the HTTP API, and the miner
// engine with its wasm worker pool. Only the idle signals are quiet: the busy-CPU pause would
// otherwise stop the miner whenever another job loads this shared machine.
describe('devnet', () => {
  test('tasks flow from demand through the coordinator to the miner and back verified, the miner having passed its canaries; an epoch root is published and the dev wallet claims; stop frees every port', async () => {
    const lines: string[] = [];
    devnet = await startDevnet({
      dataDir,
      appVersion: '0.0.0-test',
      mine: true,
      epochMs: 4_000,
      tasksPerSecond: 6,
      rendererDir,
      system: { read: async () => ({ onBattery: false, otherCpuLoadPercent: 0, runningProcesses: new Set<string>() }) },
      log: (line) => lines.push(line),
    });
    const d = devnet;

    // One line per part, in start order, each saying where it is.
    expect(lines.map((l) => l.split(':')[0])).toEqual([
      'chain',
      'contracts',
      'walletconnect relay',
      'store',
      'coordinator',
      'epochs',
      'peer node',
      'demand',
      'miner',
    ]);
    expect(lines[0]).toContain(`${d.rpcUrl} (chain id 31337`);
    expect(lines[2]).toContain(d.relayUrl);
    expect(d.uiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/);
    // The miner joined through the same file the desktop app is pointed at.
    expect(await readDevnetDescriptor(d.descriptorFile)).toMatchObject({ rpcUrl: d.rpcUrl, coordinatorUrl: d.coordinatorUrl, addresses: d.addresses });

    // The miner earns: its results are accepted and the demand generator sees its tasks completed.
    await vi.waitFor(
      () => {
        expect(d.engine!.state().mining.tasks.accepted).toBeGreaterThanOrEqual(5);
        expect(d.demand.stats.completed).toBeGreaterThanOrEqual(5);
      },
      { timeout: 30_000, interval: 250 },
    );
    expect(d.engine!.state().mining.network.status).toBe('connected');
    // The coordinator checked the miner (and the peer) against the devnet's canaries, computed at
    // start with TF.js here: both passed, so their results weigh in the quorum.
    expect(lines.find((l) => l.startsWith('coordinator:'))).toMatch(/2 models, 6 canaries/);
    const minerId = (await loadOrCreateIdentity(join(dataDir, 'identity.json'))).address;
    for (const id of [minerId, d.peer.nodeId]) {
      const standing = d.coordinator.coordinator.reputation(id);
      expect(standing).toMatchObject({ onProbation: false, reputation: { canaryPasses: expect.any(Number) } });
      expect(standing!.reputation.canaryPasses).toBeGreaterThanOrEqual(1);
      expect(standing!.reputation.score).toBeGreaterThan(0.5);
    }
    // The UI shows the dev wallet as the connected payout wallet.
    expect(d.engine!.state().wallet).toMatchObject({ devWalletAvailable: true, connection: { status: 'connected', kind: 'local-dev', address: d.devWallet.address } });
    expect(d.demand.stats.failed).toBe(0);
    const [taskId] = d.demand.finished('completed');
    const status = TaskStatusSchema.parse(await (await fetch(`${d.coordinatorUrl}/v1/tasks/${taskId}`)).json());
    expect(status.status).toBe('completed');
    // A verified result has the model's output shape for the whole input batch.
    expect([[4, 10], [16, 64]]).toContainEqual(status.result!.shape);

    // An epoch closes with the miner's credits; its root lands on chain and the dev wallet claims.
    const miningRewards = miningRewardsAt(d.addresses.miningRewards, d.chain.provider);
    const signer = await LocalDevSigner.create(d.devWallet.privateKey, d.chain.provider, d.chainId);
    const token = connectPlexAi(d.addresses, d.chain.provider).token;
    const before = await token.balanceOf(d.devWallet.address);
    const rewards = new Interface(miningRewardsArtifact.abi as never);
    let claimedAmount = 0n;
    await vi.waitFor(
      async () => {
        const response = await fetch(`${d.coordinatorUrl}/v1/accounts/${d.devWallet.address}/proof`);
        expect(response.status).toBe(200);
        const proof = (await response.json()) as { epoch: number; root: string; cumulativeAmount: string; proof: string[] };
        const [epoch, root] = await miningRewards.latest();
        // The proof is for the latest root on chain; a newer epoch may land in between, so retry.
        expect([Number(epoch), root]).toEqual([proof.epoch, proof.root]);
        const hash = await signer.sendTransaction({
          to: d.addresses.miningRewards,
          data: rewards.encodeFunctionData('claim', [d.devWallet.address, proof.cumulativeAmount, proof.proof]),
        });
        const receipt = await d.chain.provider.waitForTransaction(hash);
        expect(receipt?.status).toBe(1);
        claimedAmount = BigInt(proof.cumulativeAmount);
      },
      { timeout: 30_000, interval: 500 },
    );
    expect(claimedAmount).toBeGreaterThan(0n);
    // Epochs count from the devnet's own start (4 s each here), not from 1970.
    const [latestEpoch] = await miningRewards.latest();
    expect(Number(latestEpoch)).toBeLessThan(25);
    expect(await miningRewards.claimed(d.devWallet.address)).toBe(claimedAmount);
    expect(await token.balanceOf(d.devWallet.address)).toBe(before + claimedAmount);
    signer.dispose();

    // Stopping frees every port the devnet opened.
    const urls = [d.rpcUrl, d.coordinatorUrl, d.relayUrl.replace(/^ws/, 'http'), d.uiUrl!];
    for (const url of urls) expect(await listening(url)).toBe(true);
    const started = Date.now();
    await d.stop();
    devnet = undefined;
    expect(Date.now() - started).toBeLessThan(10_000);
    for (const url of urls) expect(await listening(url)).toBe(false);
  }, 90_000);
});
