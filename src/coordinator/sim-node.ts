import { Wallet } from 'ethers';
import {
  CoordinatorMessageSchema,
  PROTOCOL_VERSION,
  helloMessage,
  payoutBindingMessage,
  submitMessage,
  type Assignment,
  type Capabilities,
  type CoordinatorMessage,
  type ResultItem,
  type Tensor,
} from '../common/protocol';
import type { Coordinator, NodeLink, Session } from './coordinator';

/**
 * An in-process node that speaks the wire protocol through the coordinator's NodeLink, for
 * simulations and benchmarks: many of them run in one process without sockets. It computes a
 * stand-in model (`compute`) and may lie or vanish.
 */
export interface SimNodeOptions {
  region: string;
  slots: number;
  compute: (input: Tensor) => Tensor;
  /** Submit results in batches of up to this many (one signature each). */
  batch?: number;
  /** JSON-encode frames like a socket would; off for benchmarks that measure the coordinator alone. */
  viaJson?: boolean;
  /** Keep results until release(), as a node that finishes while its coordinator is down would. */
  hold?: boolean;
}

export class SimNode implements NodeLink {
  readonly wallet: Wallet;
  readonly payout: Wallet;
  readonly received: CoordinatorMessage[] = [];
  session: Session | null = null;
  welcomed = false;
  closedReason: string | null = null;
  private readonly done: ResultItem[] = [];
  private running = 0;
  private seq = 0;
  private asking = false;
  /** The coordinator's answer to each submitted result, by lease. */
  readonly acks = new Map<string, 'accepted' | 'duplicate' | 'rejected'>();
  private stopped = false;
  private holding: boolean;
  /** Counts connections, so work started under an earlier one is not finished under the next. */
  private generation = 0;

  constructor(
    private coordinator: Coordinator,
    private readonly options: SimNodeOptions,
    wallet?: Wallet,
  ) {
    this.wallet = wallet ?? (Wallet.createRandom() as unknown as Wallet);
    this.payout = this.wallet;
    this.holding = options.hold ?? false;
  }

  connect(): void {
    this.session = this.coordinator.connect(this);
  }

  /** Connects again, to another coordinator (its predecessor is gone) or the same one after drop(), with the results it holds. */
  reconnect(coordinator: Coordinator): void {
    this.coordinator = coordinator;
    this.stopped = false;
    this.welcomed = false;
    this.asking = false;
    // Leases of the last connection still running were lost with it.
    this.generation++;
    this.running = 0;
    this.connect();
  }

  /** Results computed so far and not yet submitted. */
  get held(): number {
    return this.done.length;
  }

  /** Submits what it holds and stops holding. */
  release(): void {
    this.holding = false;
    void this.flush();
  }

  capabilities(): Capabilities {
    return { gpus: [{ model: 'Sim GPU', vramMB: 8192, backend: 'cpu' }], backends: ['cpu'], gflops: 50, tasksPerSecond: {}, vramMB: 8192, region: this.options.region, maxConcurrent: this.options.slots };
  }

  send(message: CoordinatorMessage): void {
    const parsed = this.options.viaJson ? CoordinatorMessageSchema.parse(JSON.parse(JSON.stringify(message))) : message;
    this.received.push(parsed);
    void this.onMessage(parsed);
  }

  close(reason: string): void {
    this.closedReason = reason;
    this.stopped = true;
  }

  private frame(message: unknown): void {
    if (this.stopped || !this.session) return;
    void this.session.receive(JSON.stringify(message));
  }

  private async onMessage(message: CoordinatorMessage): Promise<void> {
    if (this.stopped) return;
    switch (message.type) {
      case 'challenge': {
        const [signature, binding] = await Promise.all([
          this.wallet.signMessage(helloMessage(message.nonce, this.wallet.address, this.payout.address)),
          this.payout.signMessage(payoutBindingMessage(this.wallet.address, this.payout.address)),
        ]);
        this.frame({ type: 'hello', protocolVersion: PROTOCOL_VERSION, nodeId: this.wallet.address, signature, payout: { address: this.payout.address, signature: binding }, capabilities: this.capabilities(), client: { name: 'sim', version: '1' } });
        return;
      }
      case 'welcome':
        this.welcomed = true;
        this.ask();
        return;
      case 'tasks':
        this.asking = false;
        for (const a of message.assignments) this.run(a);
        if (!message.assignments.length) setTimeout(() => this.ask(), message.retryAfterMs ?? 0);
        return;
      case 'ack':
        for (const item of message.items) this.acks.set(item.leaseId, item.status);
        return;
      default:
        return;
    }
  }

  heartbeat(): void {
    this.frame({ type: 'heartbeat', activeLeases: this.running, paused: false });
  }

  /** The node vanishes mid-task, as a crashed rig or a pulled cable would. */
  drop(): void {
    this.stopped = true;
    this.session?.disconnected();
  }

  private ask(): void {
    if (this.stopped || this.asking) return;
    const free = this.options.slots - this.running;
    if (free <= 0) return;
    this.asking = true;
    this.frame({ type: 'lease', requestId: `r${++this.seq}`, slots: free });
  }

  private run(a: Assignment): void {
    this.running++;
    const generation = this.generation;
    // Computing takes a tick, so that leases really are in flight when a node drops out.
    setImmediate(() => {
      if (this.stopped || generation !== this.generation) return;
      this.running--;
      this.done.push({ leaseId: a.leaseId, taskId: a.taskId, output: this.options.compute(a.input), durationMs: 1, backend: 'cpu' });
      if (!this.holding && (this.done.length >= (this.options.batch ?? 1) || this.running === 0)) void this.flush();
      this.ask();
    });
  }

  private async flush(): Promise<void> {
    const results = this.done.splice(0);
    if (!results.length) return;
    const signature = await this.wallet.signMessage(submitMessage(results));
    this.frame({ type: 'submit', results, signature });
  }
}

/** A stand-in classifier: softmax over the input row, deterministic on every honest node. */
export function softmax(input: Tensor): Tensor {
  const max = Math.max(...input.data);
  const exps = input.data.map((x) => Math.exp(x - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return { dtype: 'float32', shape: input.shape, data: exps.map((e) => Math.fround(e / sum)) };
}
