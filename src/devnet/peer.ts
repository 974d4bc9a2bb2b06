import { Wallet } from 'ethers';
import { Emitter, type Disposable } from '../common/lifecycle';
import { payoutBindingMessage, type Assignment, type Capabilities } from '../common/protocol';
import { NetworkClient, type AssignmentRunner, type RunOutcome } from '../engine/network/client';
import { Outbox } from '../engine/network/outbox';
import type { LocalCompute } from './local-compute';

/**
 * The rest of the network, as far as one miner can tell: the coordinator runs every task on two
 * different nodes and accepts the answer they agree on, so a devnet with one miner needs a second
 * node or nothing would ever be verified. This one speaks the real wire protocol through the
 * engine's own NetworkClient and computes with the devnet's TF.js (WebAssembly). Its payout is a
 * second dev account, so the epoch's emission is split between it and the user's miner.
 */
export interface PeerNode extends Disposable {
  readonly nodeId: string;
  readonly payout: string;
  /** Results the coordinator accepted. */
  accepted(): number;
}

export async function startPeerNode(options: { coordinatorUrl: string; payout: Wallet; compute: LocalCompute; outboxDir: string; slots?: number }): Promise<PeerNode> {
  const { backend } = options.compute;
  const identity = Wallet.createRandom();
  const slots = options.slots ?? 4;
  const capacity = new Emitter<void>();
  let inFlight = 0;
  let accepted = 0;
  const runner: AssignmentRunner = {
    async run(assignment: Assignment): Promise<RunOutcome> {
      inFlight++;
      try {
        const { output, runMs } = await options.compute.run(assignment.model, assignment.input);
        return { ok: true, output, durationMs: runMs, backend };
      } catch (error) {
        return { ok: false, reason: 'internal', message: (error as Error).message };
      } finally {
        inFlight--;
        capacity.fire();
      }
    },
    capacity: () => Math.max(0, slots - inFlight),
    paused: () => false,
    onDidChangeCapacity: capacity.event,
  };
  const capabilities: Capabilities = {
    gpus: [],
    backends: [backend],
    gflops: backend === 'wasm' ? 20 : 1,
    tasksPerSecond: {},
    vramMB: 0,
    region: 'local',
    maxConcurrent: slots,
  };
  const payout = options.payout;
  const signature = await payout.signMessage(payoutBindingMessage(identity.address, payout.address));
  const client = new NetworkClient(
    { url: options.coordinatorUrl.replace(/^http/, 'ws'), clientVersion: 'devnet-peer', backoff: { baseMs: 500, capMs: 5_000 }, submitBatchMs: 20 },
    {
      identity: new Wallet(identity.privateKey),
      payout: async () => ({ address: payout.address, signature }),
      capabilities: () => capabilities,
      runner,
      outbox: await Outbox.open(options.outboxDir),
    },
  );
  client.onDidSettle((settled) => {
    if (settled.status === 'accepted' && settled.kind === 'result') accepted++;
  });
  client.start();
  return {
    nodeId: identity.address,
    payout: payout.address,
    accepted: () => accepted,
    dispose() {
      client.dispose();
      capacity.dispose();
    },
  };
}
