import { Wallet } from 'ethers';
import { Emitter } from '../../common/lifecycle';
import { payoutBindingMessage, type Assignment } from '../../common/protocol';
import { taskOfAssignment } from './assignment';
import { NetworkClient, type AssignmentRunner, type RunOutcome } from './client';
import { loadOrCreateIdentity } from './identity';
import { Outbox } from './outbox';

/**
 * A node whose compute is faked (it doubles its input after a short delay), so the network client
 * and its outbox can be tested in a process of their own, killed and restarted.
 */
export class DoublingRunner implements AssignmentRunner {
  private readonly changes = new Emitter<void>();
  readonly onDidChangeCapacity = this.changes.event;
  private inFlight = 0;

  constructor(
    private readonly slots: number,
    private readonly delayMs: number,
  ) {}

  capacity = () => Math.max(0, this.slots - this.inFlight);
  paused = () => false;

  async run(assignment: Assignment): Promise<RunOutcome> {
    this.inFlight++;
    try {
      await new Promise((r) => setTimeout(r, this.delayMs));
      const task = taskOfAssignment(assignment);
      const input = task.inputs[0]!;
      return { ok: true, output: { dtype: 'float32', shape: input.shape, data: Array.from(input.data, (v) => v * 2) }, durationMs: this.delayMs, backend: 'cpu' };
    } catch (error) {
      return { ok: false, reason: 'bad-input', message: (error as Error).message };
    } finally {
      this.inFlight--;
      this.changes.fire();
    }
  }
}

export async function startDoublingNode(
  url: string,
  dataDir: string,
  options: { slots?: number; delayMs?: number; payout?: () => Promise<{ address: string; signature: string }>; ca?: string } = {},
) {
  const { slots = 2, delayMs = 20 } = options;
  const identity = await loadOrCreateIdentity(`${dataDir}/identity.json`);
  const payoutWallet = new Wallet(`0x${'11'.repeat(32)}`);
  const outbox = await Outbox.open(`${dataDir}/outbox`);
  const client = new NetworkClient(
    { url, clientVersion: '0.0.0-test', backoff: { baseMs: 20, capMs: 200 }, submitBatchMs: 5, ...(options.ca ? { ca: options.ca } : {}) },
    {
      identity,
      payout:
        options.payout ??
        (async () => ({ address: payoutWallet.address, signature: await payoutWallet.signMessage(payoutBindingMessage(identity.address, payoutWallet.address)) })),
      capabilities: () => ({ gpus: [], backends: ['cpu'], gflops: 1, tasksPerSecond: {}, vramMB: 0, region: 'local', maxConcurrent: slots }),
      runner: new DoublingRunner(slots, delayMs),
      outbox,
    },
  );
  client.start();
  return { client, outbox, identity };
}

// The kill test runs this file as a child process, told where to go through the environment.
const childUrl = process.env.PLEXAI_TEST_COORDINATOR;
const childDir = process.env.PLEXAI_TEST_DATA_DIR;
if (childUrl && childDir) await startDoublingNode(childUrl, childDir);
