import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test, vi } from 'vitest';
import { connectPlexAi } from '../../chain';
import { PlexError } from '../../common/errors';
import { ClaimProofSchema } from '../../common/protocol';
import { rendererDir } from '../../cli/paths';
import { startDevnet, type Devnet } from '../../devnet/devnet';
import { readDevnetDescriptor } from '../../devnet/descriptor';
import { devnetEarningsConfig } from '../../devnet/earnings';
import { LocalDevSigner } from '../wallet/local-key';
import { claimError, EarningsService } from './service';

const dataDir = mkdtempSync(join(tmpdir(), 'plexai-earnings-'));
let devnet: Devnet | undefined;
afterAll(async () => {
  await devnet?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

// A real coordinator on PGlite publishing 4-second epochs to MiningRewards on Hardhat EDR, and the
// devnet's miner engine (wired with devnetEarningsConfig) mining for the dev wallet.
test('the engine reads settled rewards and network figures, estimates the claim and claims it through the wallet; a bad proof is refused with its reason', async () => {
  devnet = await startDevnet({
    dataDir,
    appVersion: '0.0.0-test',
    mine: true,
    epochMs: 4_000,
    tasksPerSecond: 6,
    rendererDir,
    system: { read: async () => ({ onBattery: false, otherCpuLoadPercent: 0, runningProcesses: new Set<string>() }) },
    log: () => undefined,
  });
  const d = devnet;
  const engine = d.engine!;
  const token = connectPlexAi(d.addresses, d.chain.provider).token;

  expect(engine.state().earnings).toMatchObject({ available: true, account: d.devWallet.address, nativeSymbol: 'ETH' });
  expect(engine.state().earnings.price?.source).toMatch(/fixed.*not a market price/);

  // An epoch settles with the miner's credits: the dashboard's figures follow without being asked.
  await vi.waitFor(
    () => {
      const earnings = engine.state().earnings;
      expect(BigInt(earnings.rewards?.claimable ?? '0')).toBeGreaterThan(0n);
      expect(earnings.epochs.length).toBeGreaterThan(0);
      expect(earnings.network?.activeNodes.value).toBeGreaterThanOrEqual(2);
    },
    { timeout: 45_000, interval: 250 },
  );
  const earnings = engine.state().earnings;
  expect(earnings.epochs[0]!.explanation).toMatch(/task/);
  expect(earnings.days.at(-1)).toMatchObject({ day: new Date().toISOString().slice(0, 10) });
  expect(earnings.network!.computeGflops.value).toBeGreaterThan(0);
  expect(earnings.rewards!.claimed).toBe('0');
  expect(earnings.balance).toBe((await token.balanceOf(d.devWallet.address)).toString());

  const estimate = await engine.api.estimateMiningClaim({});
  expect(BigInt(estimate.amount)).toBeGreaterThan(0n);
  expect(BigInt(estimate.gasUnits)).toBeGreaterThan(21_000n);
  expect(BigInt(estimate.feeWei)).toBeGreaterThan(0n);

  const before = await token.balanceOf(d.devWallet.address);
  // Seeded with the status before the claim: the miner's own state changes (it keeps mining) can
  // be announced while the claim is prepared, and must not read as a step of the claim.
  const seen: string[] = [engine.state().earnings.claim.status];
  const sub = engine.onDidChangeState((s) => seen.at(-1) !== s.earnings.claim.status && seen.push(s.earnings.claim.status));
  const receipt = await engine.api.claimMiningRewards({});
  sub.dispose();
  expect(seen).toEqual(['idle', 'signing', 'pending', 'confirmed']);
  expect(BigInt(receipt.amount)).toBeGreaterThan(0n);
  expect(await token.balanceOf(d.devWallet.address)).toBe(before + BigInt(receipt.amount));
  const rewards = connectPlexAi(d.addresses, d.chain.provider).miningRewards;
  expect(await rewards.claimed(d.devWallet.address)).toBeGreaterThanOrEqual(BigInt(receipt.amount));
  expect(engine.state().earnings.claim).toMatchObject({ status: 'confirmed', hash: receipt.hash, amount: receipt.amount });
  // The refresh after the claim moves the amount from claimable to claimed.
  await vi.waitFor(() => expect(BigInt(engine.state().earnings.rewards!.claimed)).toBeGreaterThanOrEqual(BigInt(receipt.amount)), { timeout: 10_000 });

  // A proof for more than was earned is refused by the contract, and the reason is decoded.
  const proof = ClaimProofSchema.parse(await (await fetch(`${d.coordinatorUrl}/v1/accounts/${d.devWallet.address}/proof`)).json());
  const refusal = await rewards.claim
    .estimateGas(d.devWallet.address, BigInt(proof.cumulativeAmount) + 1n, proof.proof, { from: d.devWallet.address })
    .then(() => null, (error: unknown) => claimError(error));
  expect(refusal).toBeInstanceOf(PlexError);
  expect(refusal).toMatchObject({ errorName: 'CHAIN_REVERTED', message: expect.stringMatching(/did not accept the proof/) });
}, 90_000);

test('a proof read just before a new epoch root landed on chain is read again, so the claim is estimated and sent under the new root', async () => {
  const d = devnet!;
  const rewards = connectPlexAi(d.addresses, d.chain.provider).miningRewards;
  const proofUrl = `${d.coordinatorUrl}/v1/accounts/${d.devWallet.address}/proof`;
  const proofNow = async () => ClaimProofSchema.parse(await (await fetch(proofUrl)).json());
  // The miner keeps earning: a root that pays more than was claimed, then a newer one on chain.
  let stale = await proofNow();
  await vi.waitFor(
    async () => {
      stale = await proofNow();
      expect(BigInt(stale.cumulativeAmount)).toBeGreaterThan(await rewards.claimed(d.devWallet.address));
    },
    { timeout: 45_000, interval: 250 },
  );
  await vi.waitFor(async () => expect(Number((await rewards.latest())[0])).toBeGreaterThan(stale.epoch), { timeout: 45_000, interval: 250 });
  // The first proof this service reads is the old one, as if the root moved right after the read.
  const proofReads: string[] = [];
  const fetchFirstProofStale: typeof fetch = async (input, init) => {
    if (String(input) === proofUrl && proofReads.push(String(input)) === 1) return Response.json(stale);
    return fetch(input, init);
  };
  const descriptor = await readDevnetDescriptor(join(dataDir, 'devnet.json'));
  const signer = await LocalDevSigner.create(d.devWallet.privateKey, d.chain.provider, d.chain.chainId);
  const service = new EarningsService(devnetEarningsConfig(descriptor), { signer: () => signer, provider: d.chain.provider, fetch: fetchFirstProofStale });
  try {
    const estimate = await service.estimateClaim();
    expect(proofReads).toHaveLength(2);
    expect(BigInt(estimate.amount)).toBeGreaterThan(0n);
  } finally {
    service.dispose();
  }
}, 60_000);
