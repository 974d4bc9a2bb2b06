import type { Wallet } from 'ethers';
import WebSocket from 'ws';
import { z } from 'zod';
import { parseUnknown, PlexError } from '../../common/errors';
import { isLoopbackHost } from '../../common/loopback';
import { DisposableStore, Emitter, toDisposable, type Disposable, type Event } from '../../common/lifecycle';
import {
  AssignmentSchema,
  CoordinatorMessageSchema,
  IdSchema,
  TasksSchema,
  MAX_LEASE_SLOTS,
  MAX_RESULTS_PER_SUBMIT,
  NODE_SOCKET_PATH,
  PROTOCOL_VERSION,
  helloMessage,
  submitMessage,
  type Assignment,
  type Backend,
  type Capabilities,
  type CoordinatorMessage,
  type NodeMessage,
  type RefusalReason,
  type ResultItem,
  type Tensor,
  type Welcome,
} from '../../common/protocol';
import { backoffDelay } from './backoff';
import type { Outbox, OutboxEntry } from './outbox';

/**
 * A `tasks` frame read assignment by assignment: one malformed assignment (a coordinator that
 * wrote NaN as JSON null, say) is refused on its own instead of dropping the session, whose other
 * leases would then expire, and the bad one come back again.
 */
const TasksFrameSchema = TasksSchema.extend({ assignments: z.array(z.unknown()).max(MAX_LEASE_SLOTS) });
/** What a refusal must name: enough of an assignment to tell the coordinator which lease is refused. */
const LeaseIdsSchema = z.object({ leaseId: IdSchema, taskId: IdSchema });

export type RunOutcome = { ok: true; output: Tensor; durationMs: number; backend: Backend } | { ok: false; reason: RefusalReason; message: string };

/** The engine side of leasing: runs assignments and says how many more it can take. */
export interface AssignmentRunner {
  run(assignment: Assignment): Promise<RunOutcome>;
  /** Assignments to lease now; 0 while the idle policy pauses work. */
  capacity(): number;
  paused(): boolean;
  readonly onDidChangeCapacity: Event<void>;
}

export interface NetworkClientConfig {
  /** The coordinator's base URL (ws:// on loopback, wss:// elsewhere; http(s):// reads as ws(s)://). */
  url: string;
  /** PEM certificates trusted besides the system's, for a network whose coordinator has its own CA. */
  ca?: string;
  clientVersion: string;
  backoff: { baseMs: number; capMs: number };
  /** Results finishing within this window go out in one signed batch. */
  submitBatchMs: number;
}

export interface NetworkServices {
  identity: Wallet;
  /** The hello's payout binding, signed by the owner's wallet. */
  payout(): Promise<{ address: string; signature: string }>;
  capabilities(): Capabilities;
  runner: AssignmentRunner;
  outbox: Outbox;
  random?: () => number;
}

/** Why the client is waiting to connect again; each has a different way on for the owner. */
export type WaitCause = 'unreachable' | 'no-wallet' | 'refused';

export type ConnectionStatus =
  | { status: 'connecting'; attempt: number }
  | { status: 'connected'; sessionId: string }
  | { status: 'waiting'; attempt: number; retryInMs: number; cause: WaitCause; lastError: string }
  | { status: 'stopped' };

/** What happened to one piece of finished work, for the local history. */
export interface Settled {
  leaseId: string;
  taskId: string;
  status: 'accepted' | 'duplicate' | 'rejected';
  reason?: string;
  kind: OutboxEntry['kind'];
}

/**
 * The node socket's URL under a coordinator's base URL. A plain one is refused unless its host is
 * loopback: off this machine the link carries the node's signed results and must be TLS.
 */
export function nodeSocketUrl(base: string): string {
  let url: URL;
  try {
    url = new URL(NODE_SOCKET_PATH, base.replace(/^http(s?):/, 'ws$1:'));
  } catch {
    throw new PlexError('INVALID_PARAMS', `"${base}" is not a coordinator address (wss://host:port).`);
  }
  if (url.protocol === 'wss:' || (url.protocol === 'ws:' && isLoopbackHost(url.hostname))) return url.href;
  if (url.protocol === 'ws:') {
    throw new PlexError('COORDINATOR_INSECURE', `The coordinator at ${url.host} must be reached over wss:// (TLS); plain ws:// is allowed only on this machine (127.0.0.1, localhost).`);
  }
  throw new PlexError('INVALID_PARAMS', `"${base}" is not a coordinator address: it must start with wss:// (or ws:// on this machine).`);
}

/**
 * The node's session with the coordinator: challenge → hello → welcome, then heartbeats, leases
 * and signed result batches. Every finished result goes to the on-disk outbox before it is sent
 * and leaves it only on `ack`; after a reconnect everything still there is sent again (the
 * coordinator answers `duplicate` for what it already had).
 */
export class NetworkClient implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly statusEmitter = this.disposables.add(new Emitter<ConnectionStatus>());
  readonly onDidChangeStatus = this.statusEmitter.event;
  private readonly settledEmitter = this.disposables.add(new Emitter<Settled>());
  readonly onDidSettle = this.settledEmitter.event;

  private status: ConnectionStatus = { status: 'stopped' };
  /** Why the current session ended, when it ends; set by whoever ends it. */
  private endCause: WaitCause = 'unreachable';
  private socket: WebSocket | null = null;
  private session: Welcome | null = null;
  private attempt = 0;
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private leaseOutstanding = false;
  private leaseRetryAt = 0;
  private nextRequest = 1;
  private readonly active = new Map<string, Assignment>();
  private readonly cancelled = new Set<string>();
  private readonly toSubmit: ResultItem[] = [];
  private submitTimer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private readonly socketUrl: string;

  /** Throws COORDINATOR_INSECURE for a plain URL off loopback, before any byte is sent. */
  constructor(
    private readonly config: NetworkClientConfig,
    private readonly services: NetworkServices,
  ) {
    this.socketUrl = nodeSocketUrl(config.url);
    this.disposables.add(services.runner.onDidChangeCapacity(() => this.maybeLease()));
    this.disposables.add(
      toDisposable(() => {
        for (const timer of this.timers) clearTimeout(timer);
        this.timers.clear();
        this.stopSession();
        this.socket?.terminate();
      }),
    );
  }

  current(): ConnectionStatus {
    return this.status;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  private setStatus(status: ConnectionStatus): void {
    this.status = status;
    this.statusEmitter.fire(status);
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private connect(): void {
    if (!this.running) return;
    this.setStatus({ status: 'connecting', attempt: this.attempt });
    const socket = new WebSocket(this.socketUrl, { maxPayload: 16 * 2 ** 20, ...(this.config.ca ? { ca: this.config.ca } : {}) });
    this.socket = socket;
    let lastError = 'connection closed';
    this.endCause = 'unreachable';
    // A failure while handling one frame drops this session (and reconnects), never the process.
    socket.on('message', (data) =>
      this.onFrame(socket, data.toString()).catch((error: Error) => socket.close(4003, `node error: ${error.message}`.slice(0, 120))),
    );
    socket.on('error', (error) => (lastError = error.message));
    socket.on('close', (code, reason) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.stopSession();
      if (!this.running) return;
      const why = this.endCause === 'no-wallet' ? reason.toString() : reason.length ? `${code} ${reason.toString()}` : lastError;
      const delay = backoffDelay(this.attempt, this.config.backoff.baseMs, this.config.backoff.capMs, this.services.random);
      this.attempt++;
      this.setStatus({ status: 'waiting', attempt: this.attempt, retryInMs: delay, cause: this.endCause, lastError: why });
      this.later(delay, () => this.connect());
    });
  }

  private stopSession(): void {
    this.session = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    if (this.submitTimer) clearTimeout(this.submitTimer);
    this.submitTimer = null;
    this.leaseOutstanding = false;
    // Unsent results stay in the outbox and go out again after the next welcome.
    this.toSubmit.length = 0;
  }

  private send(message: NodeMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private async onFrame(socket: WebSocket, text: string): Promise<void> {
    let message: CoordinatorMessage;
    try {
      const raw: unknown = JSON.parse(text);
      const parsed = CoordinatorMessageSchema.safeParse(raw);
      if (!parsed.success) {
        const tasks = TasksFrameSchema.parse(raw);
        return this.onTasks(this.sortAssignments(tasks.assignments), tasks.retryAfterMs);
      }
      message = parsed.data;
    } catch {
      // A coordinator speaking something else: drop the session and come back later.
      socket.close(4000, 'malformed frame');
      return;
    }
    switch (message.type) {
      case 'challenge':
        return this.onChallenge(socket, message);
      case 'welcome':
        this.onWelcome(message);
        return;
      case 'tasks':
        return this.onTasks(message.assignments, message.retryAfterMs);
      case 'ack':
        for (const item of message.items) {
          const entry = await this.services.outbox.remove(item.leaseId);
          if (entry) {
            const taskId = entry.kind === 'result' ? entry.item.taskId : entry.refusal.taskId;
            this.settledEmitter.fire({ leaseId: item.leaseId, taskId, status: item.status, ...(item.reason ? { reason: item.reason } : {}), kind: entry.kind });
          }
        }
        return;
      case 'cancel':
        this.cancelled.add(message.leaseId);
        return;
      case 'error':
        if (message.fatal) this.endCause = 'refused';
        if (message.ref?.startsWith('r')) {
          this.leaseOutstanding = false;
          this.leaseRetryAt = Date.now() + this.config.backoff.baseMs;
          this.later(this.config.backoff.baseMs, () => this.maybeLease());
        }
        return;
    }
  }

  private onTasks(assignments: Assignment[], retryAfterMs: number | null): void {
    this.leaseOutstanding = false;
    if (assignments.length === 0 && retryAfterMs !== null) this.leaseRetryAt = Date.now() + retryAfterMs;
    for (const assignment of assignments) void this.execute(assignment);
    if (assignments.length === 0 && retryAfterMs !== null) this.later(retryAfterMs, () => this.maybeLease());
    else this.maybeLease();
  }

  /** The well-formed assignments; the others are refused as bad input, or ignored when not even their lease can be named. */
  private sortAssignments(raw: unknown[]): Assignment[] {
    const valid: Assignment[] = [];
    for (const item of raw) {
      try {
        valid.push(parseUnknown(AssignmentSchema, item, 'INVALID_PARAMS', 'assignment'));
      } catch (error) {
        const ids = LeaseIdsSchema.safeParse(item);
        if (ids.success) void this.settle(ids.data, { ok: false, reason: 'bad-input', message: (error as Error).message });
      }
    }
    return valid;
  }

  private async onChallenge(socket: WebSocket, challenge: Extract<CoordinatorMessage, { type: 'challenge' }>): Promise<void> {
    if (!challenge.protocolVersions.includes(PROTOCOL_VERSION)) {
      this.endCause = 'refused';
      socket.close(4001, `coordinator speaks ${challenge.protocolVersions.join(',')}, this node ${PROTOCOL_VERSION}`);
      return;
    }
    const { identity } = this.services;
    let payout: { address: string; signature: string };
    try {
      payout = await this.services.payout();
    } catch (error) {
      // No wallet to be paid to yet (or it refused to sign): no hello; try again after backoff.
      this.endCause = 'no-wallet';
      socket.close(4002, `no payout wallet: ${(error as Error).message}`.slice(0, 120));
      return;
    }
    const signature = await identity.signMessage(helloMessage(challenge.nonce, identity.address, payout.address));
    this.send({
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      nodeId: identity.address,
      signature,
      payout,
      capabilities: this.services.capabilities(),
      client: { name: 'plexai-miner', version: this.config.clientVersion },
    });
  }

  private onWelcome(welcome: Welcome): void {
    this.session = welcome;
    this.attempt = 0;
    this.setStatus({ status: 'connected', sessionId: welcome.sessionId });
    this.heartbeat = setInterval(
      () => this.send({ type: 'heartbeat', activeLeases: this.active.size, paused: this.services.runner.paused() }),
      welcome.heartbeatIntervalMs,
    );
    for (const entry of this.services.outbox.pending()) this.enqueue(entry);
    this.maybeLease();
  }

  private maybeLease(): void {
    if (!this.session || this.leaseOutstanding || Date.now() < this.leaseRetryAt) return;
    const slots = Math.min(MAX_LEASE_SLOTS, this.services.runner.capacity());
    if (slots <= 0) return;
    this.leaseOutstanding = true;
    this.send({ type: 'lease', requestId: `r${this.nextRequest++}`, slots });
  }

  private async execute(assignment: Assignment): Promise<void> {
    this.active.set(assignment.leaseId, assignment);
    let outcome: RunOutcome;
    try {
      outcome = await this.services.runner.run(assignment);
    } catch (error) {
      outcome = { ok: false, reason: 'internal', message: (error as Error).message };
    }
    this.active.delete(assignment.leaseId);
    if (this.cancelled.delete(assignment.leaseId)) return;
    await this.settle(assignment, outcome);
  }

  /** Keeps the outcome in the outbox, then sends it. */
  private async settle({ leaseId, taskId }: { leaseId: string; taskId: string }, outcome: RunOutcome): Promise<void> {
    const entry: OutboxEntry = outcome.ok
      ? { kind: 'result', item: { leaseId, taskId, output: outcome.output, durationMs: outcome.durationMs, backend: outcome.backend } }
      : { kind: 'refusal', refusal: { type: 'refuse', leaseId, taskId, reason: outcome.reason, message: outcome.message.slice(0, 1024) } };
    // On disk before it is sent: from here on the work survives a crash.
    await this.services.outbox.put(entry);
    this.enqueue(entry);
    this.maybeLease();
  }

  private enqueue(entry: OutboxEntry): void {
    if (!this.session) return;
    if (entry.kind === 'refusal') {
      this.send(entry.refusal);
      return;
    }
    this.toSubmit.push(entry.item);
    if (this.toSubmit.length >= MAX_RESULTS_PER_SUBMIT) this.flush();
    else this.submitTimer ??= setTimeout(() => this.flush(), this.config.submitBatchMs);
  }

  private flush(): void {
    if (this.submitTimer) clearTimeout(this.submitTimer);
    this.submitTimer = null;
    while (this.toSubmit.length > 0) {
      const results = this.toSubmit.splice(0, MAX_RESULTS_PER_SUBMIT);
      // Signing is synchronous in ethers for a local key; the batch goes out as one frame.
      const signature = this.services.identity.signMessageSync(submitMessage(results));
      this.send({ type: 'submit', results, signature });
    }
  }

  dispose(): void {
    this.running = false;
    this.setStatus({ status: 'stopped' });
    this.disposables.dispose();
  }
}
