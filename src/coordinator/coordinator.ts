import { randomBytes, randomUUID } from 'node:crypto';
import { PlexError, parseUnknown, type Issue } from '../common/errors';
import { DisposableStore, toDisposable, type Disposable } from '../common/lifecycle';
import {
  MAX_FRAME_BYTES,
  NodeMessageSchema,
  PROTOCOL_VERSION,
  helloMessage,
  payoutBindingMessage,
  recoverSigner,
  sameAddress,
  submitMessage,
  type Capabilities,
  type ClaimProof,
  type CoordinatorMessage,
  type Earnings,
  type NetworkStats,
  type NodeEarnings,
  type ProtocolErrorCode,
  type TaskSpec,
  type TaskStatus,
  type Tensor,
} from '../common/protocol';
import type { CoordinatorConfig, ModelSpec } from './config';
import { allocateEpoch, buildEpochTree, cumulativeByAccount, epochAt, resultCredits, type EpochTree } from './epochs';
import { leaseKeyObject, leaseToken, newLeaseKey, verifyLeaseToken } from './lease-token';
import { leaseDeadline, regionAffinity, scoreNode } from './scoring';
import { dayAgoWindow, networkStatsOf } from './network-stats';
import type { LeaseRecord, NetworkSample, ResultRecord, Store, TaskRecord } from './store';
import {
  afterInvalid,
  afterValid,
  decide,
  initialReputation,
  isEstablished,
  isTrusted,
  outputsAgree,
  quorumWeight,
  type Reputation,
  type ReputationPolicy,
} from './verification';
import { WriteBehind } from './write-behind';

/** Where the coordinator's messages to one node go: a WebSocket in production, a function in tests. */
export interface NodeLink {
  send(message: CoordinatorMessage): void;
  close(reason: string): void;
}

/** Publishes an epoch root on chain (MiningRewards.publishRoot); returns the transaction hash. */
export interface RootPublisher {
  publish(epoch: number, root: string, cumulativeTotal: bigint): Promise<string>;
}

export interface Clock {
  now(): number;
}

interface LiveNode {
  id: string;
  /** The registry entry, mutated in place as reputation changes: matching reads it without a lookup. */
  known: KnownNode;
  payout: string;
  caps: Capabilities;
  link: NodeLink;
  session: Session;
  leases: Set<string>;
  lastHeartbeatAt: number;
  uptimeMarkAt: number;
  paused: boolean;
  request: { requestId: string; slots: number; models: Set<string> | null; expiresAt: number; assigned: CoordinatorMessage & { type: 'tasks' } } | null;
}

interface KnownNode {
  payout: string;
  region: string;
  reputation: Reputation;
  firstSeen: number;
}

interface LiveTask {
  record: TaskRecord;
  model: ModelSpec;
  votes: ResultRecord[];
  leases: Map<string, string>;
  refusedBy: Set<string>;
  /** Results the task needs before a verdict: 2, 1 under adaptive replication, more after disagreement. */
  needed: number;
  initialResults: number;
  lastLoss: string | null;
  /**
   * Reputation already given for this task's votes on a provisional verdict (valid or not), so
   * that the final verdict only corrects what it contradicts instead of counting a vote twice.
   */
  judged: Map<string, boolean>;
}

type Lease = LeaseRecord;

export interface CoordinatorStats {
  liveNodes: number;
  queuedTasks: number;
  openTasks: number;
  leases: number;
  completed: number;
  failed: number;
}

/**
 * The task network's router: registry of live nodes, matching, leases and failover, verification
 * and reputation, epochs. All decisions happen in memory; the store is the durable record,
 * written through a WriteBehind in batches.
 */
export class Coordinator implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly models: Map<string, ModelSpec>;
  private readonly live = new Map<string, LiveNode>();
  private readonly known = new Map<string, KnownNode>();
  private readonly tasks = new Map<string, LiveTask>();
  /** Task ids wanting more leases, oldest first. */
  private readonly queue = new Set<string>();
  /** Live nodes that are established (verification.ts isEstablished): who may break ties and confirm. */
  private readonly establishedLive = new Set<string>();
  /** Nodes with a lease request open: the candidates of the next dispatch. */
  private readonly requesting = new IndexedSet<LiveNode>();
  /** Requesting nodes given work since the last dispatch, answered at its end. */
  private readonly assigned = new Set<LiveNode>();
  /** Where the next match starts looking among the candidates, so that big pools share the work. */
  private matchCursor = 0;
  private readonly leases = new Map<string, Lease>();
  /** Leases held by nodes not connected now (restored at start), by node: adopted when the node says hello. */
  private readonly detached = new Map<string, Set<string>>();
  /** Leases whose results are stored, for answering resends with `duplicate`. */
  private readonly storedLeases = new Map<string, string>();
  private readonly writer: WriteBehind;
  private readonly reputationPolicy: ReputationPolicy;
  private dispatchPending = false;
  private closingEpoch: Promise<void> | null = null;
  private readonly trees = new Map<number, EpochTree | null>();
  private counters = { completed: 0, failed: 0 };
  private stopped = false;
  /** Unix ms where epoch 0 begins, as the store fixed it on the network's first start. */
  private genesis = 0;
  /** Signs lease ids (lease-token.ts); start() replaces this placeholder with the network's key. */
  private leaseKey = leaseKeyObject(newLeaseKey());
  /** Why the last epoch close or publication failed; it is retried on the next round. */
  epochError: Error | null = null;

  constructor(
    private readonly config: CoordinatorConfig,
    private readonly store: Store,
    private readonly publisher: RootPublisher | null,
    private readonly clock: Clock = { now: () => Date.now() },
    private readonly random: () => number = Math.random,
  ) {
    this.models = new Map(config.models.map((m) => [m.ref.id, m]));
    // Without canaries nobody could ever leave probation, so answers count from the start.
    this.reputationPolicy = config.canaries.length ? config.reputation : { ...config.reputation, probationCanaries: 0 };
    this.writer = this.disposables.add(
      new WriteBehind(
        { intervalMs: config.flushIntervalMs, maxItems: 4_000, retryMs: 500, owner: config.coordinatorId, ownershipTtlMs: config.ownershipTtlMs },
        store,
        clock.now,
      ),
    );
  }

  /**
   * Pins genesis, loads known nodes, claims this coordinator's open tasks with their leases and
   * takes back the canaries it had out, then starts the timers.
   */
  async start(): Promise<void> {
    this.genesis = await this.store.pinGenesis(this.config.genesis, this.clock.now());
    this.leaseKey = leaseKeyObject(await this.store.leaseKey(newLeaseKey()));
    for (const n of await this.store.nodes()) {
      this.known.set(n.id, { payout: n.payout, region: n.region, reputation: n.reputation, firstSeen: n.firstSeen });
    }
    for (const lease of await this.store.canaryLeases(this.config.coordinatorId)) this.restoreLease(lease);
    await this.claim();
    // Leases that ran out while no coordinator was up go back to the queue now, not on the first tick.
    this.sweep();
    const sweep = setInterval(() => this.sweep(), Math.min(250, this.config.leaseHoldMs));
    const renew = setInterval(() => void this.renewAndClaim(), Math.max(1_000, this.config.ownershipTtlMs / 3));
    const closeEpochs = () =>
      this.closeFinishedEpochs().then(
        () => (this.epochError = null),
        (error: Error) => (this.epochError = error),
      );
    const epochs = setInterval(closeEpochs, Math.min(this.config.epochMs / 4, 60_000));
    // A failed sample only leaves a gap that tomorrow's comparison skips over.
    const samples = setInterval(() => void this.sampleNetwork().catch(() => undefined), this.config.networkSampleMs);
    this.disposables.add(toDisposable(() => [sweep, renew, epochs, samples].forEach(clearInterval)));
    void closeEpochs();
  }

  private async claim(): Promise<void> {
    const now = this.clock.now();
    const { tasks, results, leases } = await this.store.claimTasks(this.config.coordinatorId, now, now + this.config.ownershipTtlMs, 10_000);
    const byTask = groupBy(results, (r) => r.taskId);
    const leasesByTask = groupBy(leases, (l) => l.taskId);
    for (const record of tasks) {
      if (this.tasks.has(record.id)) continue;
      const model = this.models.get(record.model);
      if (!model) continue;
      const votes = (byTask.get(record.id) ?? []).filter((r) => r.verdict === 'pending');
      for (const v of votes) this.storedLeases.set(v.leaseId, v.nodeId);
      const task = liveTask(record, model, votes);
      this.tasks.set(record.id, task);
      // Expired ones too: the sweep loses them the usual way, counting the attempt and re-queueing.
      for (const lease of leasesByTask.get(record.id) ?? []) {
        this.restoreLease(lease);
        task.leases.set(lease.id, lease.nodeId);
      }
      this.evaluate(task);
    }
    this.scheduleDispatch();
  }

  private restoreLease(lease: Lease): void {
    if (this.leases.has(lease.id)) return;
    this.leases.set(lease.id, lease);
    const node = this.live.get(lease.nodeId);
    if (node) node.leases.add(lease.id);
    else if (this.detached.has(lease.nodeId)) this.detached.get(lease.nodeId)!.add(lease.id);
    else this.detached.set(lease.nodeId, new Set([lease.id]));
  }

  /** The lease is answered, lost or cancelled: nobody holds it any more, here or in the store. */
  private release(lease: Lease): void {
    this.leases.delete(lease.id);
    this.live.get(lease.nodeId)?.leases.delete(lease.id);
    const detached = this.detached.get(lease.nodeId);
    if (detached?.delete(lease.id) && !detached.size) this.detached.delete(lease.nodeId);
    this.writer.settleLease(lease.id);
  }

  private async renewAndClaim(): Promise<void> {
    try {
      await this.store.renewOwnership(this.config.coordinatorId, this.clock.now() + this.config.ownershipTtlMs);
      await this.claim();
    } catch {
      // The next round retries; a database outage must not take the process down.
    }
  }

  // ── sessions ──────────────────────────────────────────────────────────────────────────────

  /** A node connected: it gets a challenge and must answer with a hello. */
  connect(link: NodeLink): Session {
    return new Session(this, link, this.config.maxMessagesPerSecond, this.clock);
  }

  stats(): CoordinatorStats {
    return {
      liveNodes: this.live.size,
      queuedTasks: this.queue.size,
      openTasks: this.tasks.size,
      leases: this.leases.size,
      completed: this.counters.completed,
      failed: this.counters.failed,
    };
  }

  /** @internal Session calls this after verifying the hello. */
  register(session: Session, link: NodeLink, hello: { nodeId: string; payout: string; caps: Capabilities }): void {
    const now = this.clock.now();
    const previous = this.live.get(hello.nodeId);
    if (previous) {
      // One session per identity: the newer connection wins, the old one's leases are lost.
      this.unregister(previous.id, 'replaced by a newer connection');
      previous.link.close('replaced by a newer connection');
    }
    const known = this.known.get(hello.nodeId) ?? { payout: hello.payout, region: hello.caps.region, reputation: initialReputation, firstSeen: now };
    known.payout = hello.payout;
    known.region = hello.caps.region;
    this.known.set(hello.nodeId, known);
    this.saveNode(hello.nodeId);
    // Leases from before a coordinator restart are the node's again: its results count, and a
    // disconnect loses them like any other.
    const adopted = this.detached.get(hello.nodeId) ?? new Set<string>();
    this.detached.delete(hello.nodeId);
    const node: LiveNode = {
      id: hello.nodeId,
      known,
      payout: hello.payout,
      caps: hello.caps,
      link,
      session,
      leases: adopted,
      lastHeartbeatAt: now,
      uptimeMarkAt: now,
      paused: false,
      request: null,
    };
    this.live.set(hello.nodeId, node);
    this.trackEstablished(node);
  }

  /** @internal The node is gone: its leases go back to the queue at once. */
  unregister(nodeId: string, reason: string, session?: Session): void {
    const node = this.live.get(nodeId);
    // A replaced connection closing late must not take its successor down.
    if (!node || (session && node.session !== session)) return;
    this.live.delete(nodeId);
    this.establishedLive.delete(nodeId);
    this.requesting.delete(node);
    this.assigned.delete(node);
    this.markUptime(node, this.clock.now());
    for (const leaseId of [...node.leases]) this.loseLease(leaseId, `node disconnected (${reason})`, false);
  }

  /** @internal */
  heartbeat(nodeId: string, paused: boolean): void {
    const node = this.live.get(nodeId);
    if (!node) return;
    const now = this.clock.now();
    this.markUptime(node, now);
    node.lastHeartbeatAt = now;
    node.paused = paused;
    if (paused && node.request) this.answer(node, 0);
  }

  private markUptime(node: LiveNode, now: number): void {
    const span = now - node.uptimeMarkAt;
    node.uptimeMarkAt = now;
    // A gap longer than the drop threshold was not uptime, whatever the socket says.
    if (span <= 0 || span > 3 * this.config.heartbeatIntervalMs) return;
    this.writer.add('uptime', { nodeId: node.id, epoch: epochAt(now, this.genesis, this.config.epochMs), ms: span });
  }

  /** @internal */
  requestLeases(nodeId: string, requestId: string, slots: number, models: string[] | undefined): void {
    const node = this.live.get(nodeId);
    if (!node) return;
    if (node.request) this.answer(node, 0);
    node.request = {
      requestId,
      slots,
      models: models ? new Set(models) : null,
      expiresAt: this.clock.now() + this.config.leaseHoldMs,
      assigned: { type: 'tasks', requestId, assignments: [], retryAfterMs: null },
    };
    if (node.paused) {
      this.answer(node, this.config.heartbeatIntervalMs);
    } else {
      this.requesting.add(node);
      this.maybeCanary(node, this.clock.now());
      this.scheduleDispatch();
    }
  }

  private answer(node: LiveNode, retryAfterMs: number | null): void {
    const request = node.request;
    if (!request) return;
    node.request = null;
    this.requesting.delete(node);
    this.assigned.delete(node);
    request.assigned.retryAfterMs = request.assigned.assignments.length ? null : retryAfterMs;
    // Sent now, though its leases reach the store only with the next write-behind batch (within
    // flushIntervalMs). Waiting for that commit first would close the crash window too, but every
    // lease round trip then waits one group commit, and nodes ask again only when answered:
    // bench/coordinator-throughput.ts, interleaved runs on a loaded 2-core machine, went from
    // 2,330 to 1,830 tasks/s (-22 %), under the 2,000 target; flushing at once instead wrote many
    // small batches (1,320 tasks/s). The lease ids vouch for themselves instead (lease-token.ts):
    // a restart that lost the row still accepts the result while the task is open.
    node.link.send(request.assigned);
  }

  // ── matching ──────────────────────────────────────────────────────────────────────────────

  private scheduleDispatch(): void {
    if (this.dispatchPending || this.stopped) return;
    this.dispatchPending = true;
    setImmediate(() => {
      this.dispatchPending = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    // No pass over all waiting nodes here: a big network has tens of thousands of them.
    const now = this.clock.now();
    for (const taskId of this.queue) {
      if (!this.requesting.size) break;
      const task = this.tasks.get(taskId);
      if (!task) {
        this.queue.delete(taskId);
        continue;
      }
      const onlyEstablished = task.needed > task.initialResults && this.establishedCanTake(task);
      while (this.missing(task) > 0) {
        const node = this.pickNode(task, this.requesting.items, now, onlyEstablished);
        if (!node) break;
        this.grant(node, task, now);
      }
      if (this.missing(task) <= 0) this.queue.delete(taskId);
    }
    for (const node of [...this.assigned]) this.answer(node, null);
  }

  private freeSlots(node: LiveNode): number {
    if (!node.request) return 0;
    return Math.min(node.request.slots - node.request.assigned.assignments.length, node.caps.maxConcurrent - node.leases.size);
  }

  private missing(task: LiveTask): number {
    return task.needed - task.votes.length - task.leases.size;
  }

  /**
   * The best-scoring eligible node for a task among those asking for work. A pool larger than
   * MATCH_SAMPLE is scored in a window of that many eligible nodes (looking at no more than
   * MATCH_SCAN for them), starting where the last match stopped: the best of a thousand is as good
   * as the best of fifty thousand to within noise, the window's rotation spreads the work, and a
   * match stays under a millisecond however big the network grows.
   */
  private pickNode(task: LiveTask, candidates: readonly LiveNode[], now: number, onlyEstablished: boolean): LiveNode | null {
    if (!candidates.length) return null;
    let best: LiveNode | null = null;
    let bestScore = -1;
    const region = task.record.region;
    const affinity = new Map<string, number>();
    const checkTaken = task.leases.size > 0 || task.votes.length > 0 || task.refusedBy.size > 0;
    const start = this.matchCursor % candidates.length;
    let considered = 0;
    let scanned = 0;
    for (; scanned < candidates.length && scanned < MATCH_SCAN && considered < MATCH_SAMPLE; scanned++) {
      const node = candidates[(start + scanned) % candidates.length]!;
      if (this.freeSlots(node) <= 0) continue;
      if (node.request?.models && !node.request.models.has(task.model.ref.id)) continue;
      if (checkTaken && (task.refusedBy.has(node.id) || this.hasTaken(task, node.id))) continue;
      if (onlyEstablished && !isEstablished(node.known.reputation, this.reputationPolicy)) continue;
      considered++;
      let a = affinity.get(node.caps.region);
      if (a === undefined) affinity.set(node.caps.region, (a = regionAffinity(region, node.caps.region)));
      const known = node.known;
      const score = scoreNode(
        {
          vramMB: node.caps.vramMB,
          gflops: node.caps.gflops,
          tasksPerSecond: node.caps.tasksPerSecond[task.model.ref.id] ?? 0,
          activeLeases: node.leases.size,
          maxConcurrent: node.caps.maxConcurrent,
          reputation: known.reputation.score,
          lastHeartbeatAt: node.lastHeartbeatAt,
        },
        { vramMB: task.model.vramMB, flops: task.model.flops },
        a,
        now,
        this.config.heartbeatIntervalMs,
      );
      if (score > bestScore) {
        bestScore = score;
        best = node;
      }
    }
    this.matchCursor = start + scanned;
    return best;
  }

  /**
   * Whether a task that needs more than its first results can wait for an established node to
   * give the next one. Such a result breaks a tie or confirms a provisional answer, which only a
   * node with a record can do: a new node's adds no confirmation, and a node whose lies have
   * sunk its weight to nothing adds nothing but a step towards maxResults (in simulations, liars
   * idle while honest nodes were busy took a task's last results and failed it). A new network
   * has no established node until its first provisional verdicts make some, and a small one may
   * have none left that has not answered; then anyone may answer, and a task that stays
   * unconfirmed fails at maxResults rather than wait forever.
   * Ends within a few steps: a task involves at most maxResults nodes and its leases' holders.
   */
  private establishedCanTake(task: LiveTask): boolean {
    for (const nodeId of this.establishedLive) {
      if (!task.refusedBy.has(nodeId) && !this.hasTaken(task, nodeId)) return true;
    }
    return false;
  }

  /** Keeps establishedLive in step with a live node's reputation. */
  private trackEstablished(node: LiveNode): void {
    if (isEstablished(node.known.reputation, this.reputationPolicy)) this.establishedLive.add(node.id);
    else this.establishedLive.delete(node.id);
  }

  private hasTaken(task: LiveTask, nodeId: string): boolean {
    for (const holder of task.leases.values()) if (holder === nodeId) return true;
    return task.votes.some((v) => v.nodeId === nodeId);
  }

  private grant(node: LiveNode, task: LiveTask, now: number): void {
    if (task.votes.length === 0 && task.leases.size === 0 && task.needed === 2) {
      // BOINC-style adaptive replication: a node with a long valid streak runs the task alone,
      // except for a random share that is still checked by a second node.
      const trusted = isTrusted(node.known.reputation, this.reputationPolicy);
      if (trusted && this.random() >= this.config.spotCheckRate) task.needed = task.initialResults = 1;
    }
    const lease = this.newLease(node, task.record.id, task.model, task.record.input, null, now);
    task.leases.set(lease.id, node.id);
  }

  private newLease(node: LiveNode, taskId: string, model: ModelSpec, input: Tensor, canary: Lease['canary'], now: number): Lease {
    const deadline = leaseDeadline(now, model.flops, { gflops: node.caps.gflops, tasksPerSecond: node.caps.tasksPerSecond[model.ref.id] ?? 0 }, this.config.deadlines);
    const lease: Lease = { id: leaseToken(this.leaseKey, { taskId, nodeId: node.id, deadline }), taskId, nodeId: node.id, deadline, canary, flops: model.flops };
    this.leases.set(lease.id, lease);
    node.leases.add(lease.id);
    this.writer.lease(lease);
    node.request!.assigned.assignments.push({ leaseId: lease.id, taskId, model: model.ref, input, flops: model.flops, deadline });
    this.assigned.add(node);
    return lease;
  }

  private maybeCanary(node: LiveNode, now: number): void {
    if (!this.config.canaries.length || this.freeSlots(node) <= 0) return;
    const rep = node.known.reputation;
    const onProbation = rep.canaryPasses < this.reputationPolicy.probationCanaries;
    const holdsCanary = [...node.leases].some((id) => this.leases.get(id)?.canary);
    if (onProbation ? holdsCanary : this.random() >= this.config.canaryRate) return;
    const usable = this.config.canaries.filter((c) => this.models.has(c.model) && (!node.request?.models || node.request.models.has(c.model)));
    const canary = usable[Math.floor(this.random() * usable.length)];
    if (!canary) return;
    const model = this.models.get(canary.model)!;
    if (node.caps.vramMB < model.vramMB) return;
    this.newLease(node, randomUUID(), model, canary.input, canary, now);
  }

  // ── leases and failover ───────────────────────────────────────────────────────────────────

  private sweep(): void {
    const now = this.clock.now();
    for (const node of [...this.live.values()]) {
      if (now - node.lastHeartbeatAt > 3 * this.config.heartbeatIntervalMs) {
        this.unregister(node.id, 'missed heartbeats');
        node.link.close('missed heartbeats');
      } else if (node.request && now >= node.request.expiresAt) {
        this.answer(node, 0);
      }
    }
    for (const lease of [...this.leases.values()]) {
      if (lease.deadline <= now) this.loseLease(lease.id, 'lease expired', true);
    }
  }

  private loseLease(leaseId: string, reason: string, tellNode: boolean): void {
    const lease = this.leases.get(leaseId);
    if (!lease) return;
    this.release(lease);
    if (tellNode) this.live.get(lease.nodeId)?.link.send({ type: 'cancel', leaseId, reason: 'expired' });
    const task = this.tasks.get(lease.taskId);
    if (!task) return;
    task.leases.delete(leaseId);
    task.lastLoss = reason;
    this.countAttempt(task);
  }

  private countAttempt(task: LiveTask): void {
    task.record.attempts++;
    if (task.record.attempts >= this.config.maxAttempts) {
      this.finish(task, 'failed', null, `gave up after ${task.record.attempts} lost or refused attempts; last: ${task.lastLoss}`);
    } else {
      this.requeue(task);
    }
  }

  private requeue(task: LiveTask): void {
    if (this.missing(task) > 0) {
      this.queue.add(task.record.id);
      this.scheduleDispatch();
    }
  }

  // ── results and verification ──────────────────────────────────────────────────────────────

  /** @internal Results arrive here after the batch signature was checked. Resolves once durable. */
  async submit(nodeId: string, items: { leaseId: string; taskId: string; output: Tensor; durationMs: number }[]) {
    const now = this.clock.now();
    const epoch = epochAt(now, this.genesis, this.config.epochMs);
    const acks = items.map((item) => {
      const lease = this.leases.get(item.leaseId) ?? this.recoverLease(item, nodeId, now);
      if (!lease) {
        const holder = this.storedLeases.get(item.leaseId);
        if (holder && holder === nodeId) return { leaseId: item.leaseId, status: 'duplicate' as const };
        return { leaseId: item.leaseId, status: 'rejected' as const, reason: 'unknown or expired lease' };
      }
      if (lease.nodeId !== nodeId || lease.taskId !== item.taskId) {
        return { leaseId: item.leaseId, status: 'rejected' as const, reason: 'lease belongs to another node or task' };
      }
      this.release(lease);
      this.storedLeases.set(lease.id, nodeId);
      const record: ResultRecord = { leaseId: lease.id, taskId: lease.taskId, nodeId, output: item.output, durationMs: item.durationMs, receivedAt: now, epoch, verdict: 'pending', credits: 0 };
      if (lease.canary) {
        this.judgeCanary(record, lease);
      } else {
        this.writer.add('results', record);
        const task = this.tasks.get(lease.taskId);
        if (task) {
          task.leases.delete(lease.id);
          task.votes.push(record);
          this.evaluate(task);
        }
      }
      return { leaseId: item.leaseId, status: 'accepted' as const };
    });
    this.scheduleDispatch();
    if (acks.some((a) => a.status === 'accepted')) await this.writer.commit();
    return this.ackStoredAsDuplicates(nodeId, acks);
  }

  /**
   * Leases unknown in memory may be results stored before their task finished and was forgotten:
   * a node resending one whose ack it lost must hear `duplicate`, not that its work was rejected.
   */
  private async ackStoredAsDuplicates<A extends { leaseId: string; status: string }>(nodeId: string, acks: A[]): Promise<(A | { leaseId: string; status: 'duplicate' })[]> {
    const unknown = acks.filter((a) => a.status === 'rejected').map((a) => a.leaseId);
    if (!unknown.length) return acks;
    const stored = await this.store.storedResultLeases(nodeId, unknown);
    return acks.map((a) => (a.status === 'rejected' && stored.has(a.leaseId) ? { leaseId: a.leaseId, status: 'duplicate' as const } : a));
  }

  /**
   * A lease this network granted but never stored (the process died within the write-behind's
   * interval): its token proves the grant, and while its deadline holds and its task is open here
   * without this node's result, the result counts like any other. A canary's task is no stored
   * task, so a forgotten canary stays forgotten; the node gets another.
   */
  private recoverLease(item: { leaseId: string; taskId: string }, nodeId: string, now: number): Lease | null {
    if (this.storedLeases.has(item.leaseId)) return null;
    const task = this.tasks.get(item.taskId);
    if (!task || task.record.status !== 'queued' || task.votes.some((v) => v.nodeId === nodeId)) return null;
    const deadline = verifyLeaseToken(this.leaseKey, item.leaseId, { taskId: item.taskId, nodeId });
    if (deadline === null || deadline <= now) return null;
    // Back before its result, the node may have been given the task again: this answers it.
    for (const [leaseId, holder] of [...task.leases]) {
      const again = holder === nodeId ? this.leases.get(leaseId) : undefined;
      if (!again) continue;
      this.release(again);
      task.leases.delete(leaseId);
      this.live.get(nodeId)?.link.send({ type: 'cancel', leaseId, reason: 'settled' });
    }
    const lease: Lease = { id: item.leaseId, taskId: item.taskId, nodeId, deadline, canary: null, flops: task.model.flops };
    this.leases.set(lease.id, lease);
    task.leases.set(lease.id, nodeId);
    return lease;
  }

  private judgeCanary(record: ResultRecord, lease: Lease): void {
    const canary = lease.canary!;
    const model = this.models.get(canary.model)!;
    const passed = outputsAgree(record.output, canary.expected, model.tolerance);
    record.taskId = `canary:${lease.taskId}`;
    record.verdict = passed ? 'valid' : 'invalid';
    record.credits = passed ? resultCredits(lease.flops, 1) : 0;
    this.writer.add('results', record);
    this.judge(record.nodeId, passed, true);
  }

  private judge(nodeId: string, valid: boolean, canary: boolean): void {
    const known = this.known.get(nodeId);
    if (!known) return;
    const weighed = quorumWeight(known.reputation, this.reputationPolicy) > 0;
    known.reputation = valid ? afterValid(known.reputation, this.reputationPolicy, canary) : afterInvalid(known.reputation, this.reputationPolicy);
    const node = this.live.get(nodeId);
    if (node) this.trackEstablished(node);
    this.saveNode(nodeId);
    if (!weighed && quorumWeight(known.reputation, this.reputationPolicy) > 0) this.reconsiderVotesOf(nodeId);
  }

  /**
   * A node just left probation: results it gave while its weight was 0 weigh now. A task they
   * left short of a quorum may be decided already; without this it would wait for a result from
   * a node it has not had yet, which on a small network (the devnet's two) never comes.
   */
  private reconsiderVotesOf(nodeId: string): void {
    for (const task of [...this.tasks.values()]) {
      if (task.record.status === 'queued' && task.votes.some((v) => v.nodeId === nodeId)) this.evaluate(task);
    }
  }

  private saveNode(nodeId: string): void {
    const known = this.known.get(nodeId)!;
    this.writer.node({ id: nodeId, payout: known.payout, region: known.region, reputation: known.reputation, firstSeen: known.firstSeen, lastSeen: this.clock.now() });
  }

  private evaluate(task: LiveTask): void {
    const votes = task.votes.map((v) => {
      const rep = this.known.get(v.nodeId)?.reputation ?? initialReputation;
      // A node the provisional verdict itself lifted to established must not confirm its own answer.
      const established = isEstablished(rep, this.reputationPolicy) && task.judged.get(v.nodeId) !== true;
      return { nodeId: v.nodeId, output: v.output, weight: quorumWeight(rep, this.reputationPolicy), established };
    });
    const everyoneAnswered = this.noOneElseCanAnswer(task);
    const verdict = decide(votes, task.model.tolerance, {
      initialResults: task.initialResults,
      quorumWeight: everyoneAnswered ? this.config.allAnsweredQuorumWeight : this.config.quorumWeight,
      soloWeight: this.config.soloWeight,
      maxResults: this.config.maxResults,
      confirm: !everyoneAnswered,
    });
    if (verdict.kind === 'need') {
      task.needed = verdict.results;
      this.requeue(task);
      return;
    }
    if (verdict.kind === 'fail') {
      this.finish(task, 'failed', null, verdict.reason);
      return;
    }
    // Reputation learns from a provisional verdict too: that is how a new network's first nodes
    // become established at all. A liar wins one only where liars alone answered, and loses
    // most of the others (each loss halving its score), so the seven straight wins it would need
    // do not come: in 45 runs of the colluding-liars simulation none got past four. A win the
    // final verdict contradicts is taken back as a loss.
    const agreeing = new Set(verdict.agreeing);
    for (const vote of task.votes) {
      const valid = agreeing.has(vote.nodeId);
      if (task.judged.get(vote.nodeId) !== valid) this.judge(vote.nodeId, valid, false);
      task.judged.set(vote.nodeId, valid);
    }
    if (verdict.kind === 'provisional') {
      task.needed = verdict.results;
      this.requeue(task);
      return;
    }
    // Credits only on the final verdict: an answer nobody established confirmed is never paid.
    for (const vote of task.votes) {
      const valid = agreeing.has(vote.nodeId);
      this.writer.add('verdicts', { leaseId: vote.leaseId, verdict: valid ? 'valid' : 'invalid', credits: valid ? resultCredits(task.model.flops, 1) : 0 });
    }
    this.finish(task, 'completed', verdict.output, null);
  }

  /** Whether every live node has answered, holds or refused this task: waiting for more would wait forever. */
  private noOneElseCanAnswer(task: LiveTask): boolean {
    const involved = new Set([...task.votes.map((v) => v.nodeId), ...task.leases.values(), ...task.refusedBy]);
    if (involved.size < this.live.size) return false;
    for (const id of this.live.keys()) if (!involved.has(id)) return false;
    return true;
  }

  private finish(task: LiveTask, status: 'completed' | 'failed', result: Tensor | null, failure: string | null): void {
    const now = this.clock.now();
    task.record = { ...task.record, status, result, failure, completedAt: now };
    this.counters[status]++;
    this.queue.delete(task.record.id);
    for (const leaseId of task.leases.keys()) {
      const lease = this.leases.get(leaseId);
      if (!lease) continue;
      this.release(lease);
      this.live.get(lease.nodeId)?.link.send({ type: 'cancel', leaseId, reason: status === 'completed' ? 'settled' : 'task-failed' });
    }
    task.leases.clear();
    this.writer.add('taskUpdates', { id: task.record.id, status, attempts: task.record.attempts, result, failure, completedAt: now });
    // Kept in memory until durable, so a status query never reads an older row.
    void this.writer.commit().then(
      () => {
        this.tasks.delete(task.record.id);
        for (const v of task.votes) this.storedLeases.delete(v.leaseId);
      },
      () => undefined,
    );
  }

  /** @internal A node refused a task (bad model, unsupported op...): someone else gets it. */
  refuse(nodeId: string, leaseId: string, reason: string): 'accepted' | 'rejected' {
    const lease = this.leases.get(leaseId);
    if (!lease || lease.nodeId !== nodeId) return 'rejected';
    this.release(lease);
    const task = this.tasks.get(lease.taskId);
    if (task) {
      task.leases.delete(leaseId);
      task.refusedBy.add(nodeId);
      task.lastLoss = `refused: ${reason}`;
      this.countAttempt(task);
    }
    this.scheduleDispatch();
    return 'accepted';
  }

  // ── task submission (HTTP API) ────────────────────────────────────────────────────────────

  /** Queues tasks; resolves with their ids once they are durable. */
  async submitTasks(specs: TaskSpec[]): Promise<string[]> {
    const now = this.clock.now();
    const records = specs.map((spec) => {
      const model = this.models.get(spec.model);
      if (!model) throw new PlexError('INVALID_PARAMS', `Unknown model "${spec.model}"; known: ${[...this.models.keys()].join(', ')}`);
      const record: TaskRecord = { id: randomUUID(), model: spec.model, input: spec.input, region: spec.region ?? null, flops: model.flops, status: 'queued', attempts: 0, result: null, failure: null, createdAt: now, completedAt: null };
      return { record, model };
    });
    for (const { record, model } of records) {
      this.writer.add('tasks', record);
      this.tasks.set(record.id, liveTask(record, model, []));
      this.queue.add(record.id);
    }
    await this.writer.commit();
    this.scheduleDispatch();
    return records.map((r) => r.record.id);
  }

  async taskStatus(taskId: string): Promise<TaskStatus | null> {
    const live = this.tasks.get(taskId);
    const record = live?.record ?? (await this.store.task(taskId));
    if (!record) return null;
    const running = record.status === 'queued' && live !== undefined && (live.leases.size > 0 || live.votes.length > 0);
    return {
      taskId: record.id,
      model: record.model,
      status: running ? 'running' : record.status,
      attempts: record.attempts,
      result: record.result,
      failure: record.failure,
      createdAt: record.createdAt,
      completedAt: record.completedAt,
    };
  }

  async networkStats(): Promise<NetworkStats> {
    const now = this.clock.now();
    const window = dayAgoWindow(now, this.config.networkSampleMs);
    const [tasks, dayAgo] = await Promise.all([
      this.store.completedCounts(now),
      this.store.networkSampleWithin(this.config.coordinatorId, window.from, window.to),
    ]);
    const epoch = epochAt(now, this.genesis, this.config.epochMs);
    return networkStatsOf({ live: this.liveFigures(), tasks, dayAgo, epoch: { current: epoch, endsAt: this.genesis + (epoch + 1) * this.config.epochMs } });
  }

  private liveFigures(): Omit<NetworkSample, 'at'> {
    let computeGflops = 0;
    for (const node of this.live.values()) computeGflops += node.caps.gflops;
    return { activeNodes: this.live.size, computeGflops };
  }

  /** Stores the live figures as they are now, for tomorrow's comparison; the timer calls this every networkSampleMs. */
  async sampleNetwork(): Promise<void> {
    const now = this.clock.now();
    await this.store.recordNetworkSample(this.config.coordinatorId, { at: now, ...this.liveFigures() }, dayAgoWindow(now, this.config.networkSampleMs).from);
  }

  // ── epochs ────────────────────────────────────────────────────────────────────────────────

  /** Closes every finished epoch not closed yet, oldest first, and publishes its root. */
  closeFinishedEpochs(): Promise<void> {
    this.closingEpoch ??= this.closeEpochs().finally(() => (this.closingEpoch = null));
    return this.closingEpoch;
  }

  private async closeEpochs(): Promise<void> {
    const current = epochAt(this.clock.now(), this.genesis, this.config.epochMs);
    await this.writer.flush();
    const closed = await this.store.epochs();
    const last = closed.at(-1);
    const candidates = await this.store.activeEpochs(last ? last.epoch + 1 : 0, current);
    let previous = last ? await this.store.accountTotals(last.epoch) : new Map<string, bigint>();
    for (const epoch of candidates) {
      const stats = await this.store.epochStats(epoch);
      const allocations = allocateEpoch(stats, { emission: this.config.emissionPerEpoch, uptimeShareBps: this.config.uptimeShareBps, epochMs: this.config.epochMs });
      const totals = cumulativeByAccount(previous, allocations);
      const tree = buildEpochTree(totals);
      const startedAt = this.genesis + epoch * this.config.epochMs;
      await this.store.saveEpoch({
        epoch,
        startedAt,
        endedAt: startedAt + this.config.epochMs,
        emission: this.config.emissionPerEpoch,
        root: tree?.root ?? null,
        cumulativeTotal: tree?.total ?? 0n,
        allocations,
        accountTotals: totals,
      });
      this.trees.set(epoch, tree);
      previous = totals;
    }
    await this.publishPending();
  }

  private async publishPending(): Promise<void> {
    if (!this.publisher) return;
    for (const row of await this.store.epochs()) {
      if (row.txHash || !row.root) continue;
      const hash = await this.publisher.publish(row.epoch, row.root, row.cumulativeTotal);
      await this.store.markPublished(row.epoch, hash);
    }
  }

  private async latestTree(): Promise<{ epoch: number; tree: EpochTree } | null> {
    const rows = await this.store.epochs();
    const latest = rows.filter((r) => r.root && (r.txHash || !this.publisher)).at(-1);
    if (!latest) return null;
    let tree = this.trees.get(latest.epoch);
    if (tree === undefined) {
      tree = buildEpochTree(await this.store.accountTotals(latest.epoch));
      this.trees.set(latest.epoch, tree);
    }
    return tree ? { epoch: latest.epoch, tree } : null;
  }

  /** The proof for MiningRewards.claim under the latest published root, or null when nothing is owed. */
  async claimProof(account: string): Promise<ClaimProof | null> {
    const latest = await this.latestTree();
    const entry = latest?.tree.proof(account);
    if (!latest || !entry) return null;
    return { account, epoch: latest.epoch, root: latest.tree.root, cumulativeAmount: entry.cumulative.toString(), proof: entry.proof };
  }

  async earnings(account: string): Promise<Earnings> {
    return { account, ...this.earningsOf(await this.store.allocationsOf({ account })) };
  }

  /** One node's share of the network's earnings, whichever account it pays to. */
  async nodeEarnings(nodeId: string): Promise<NodeEarnings> {
    return { nodeId, ...this.earningsOf(await this.store.allocationsOf({ node: nodeId })) };
  }

  /** Allocations summed per epoch (with their reasons) and per UTC day the epoch ended in. */
  private earningsOf(rows: Awaited<ReturnType<Store['allocationsOf']>>): Omit<Earnings, 'account'> {
    const byEpoch = groupBy(rows, (r) => r.epoch);
    const epochs = [...byEpoch].map(([epoch, list]) => {
      const tasks = list.reduce((s, r) => s + r.tasks, 0);
      const rejected = list.reduce((s, r) => s + r.rejected, 0);
      const uptimeMs = list.reduce((s, r) => s + r.uptimeMs, 0) / list.length;
      const uptimePercent = Math.min(100, (100 * uptimeMs) / this.config.epochMs);
      return {
        epoch,
        startedAt: list[0]!.startedAt,
        endedAt: list[0]!.endedAt,
        amount: list.reduce((s, r) => s + r.amount, 0n).toString(),
        credits: list.reduce((s, r) => s + r.credits, 0),
        tasks,
        rejected,
        uptimePercent,
        explanation: list.length === 1 ? list[0]!.explanation : `${list.length} nodes: ${list.map((r) => r.explanation).join('; ')}`,
      };
    });
    const days = new Map<string, { amount: bigint; tasks: number }>();
    for (const r of rows) {
      const day = new Date(r.endedAt - 1).toISOString().slice(0, 10);
      const d = days.get(day) ?? { amount: 0n, tasks: 0 };
      d.amount += r.amount;
      d.tasks += r.tasks;
      days.set(day, d);
    }
    return {
      cumulative: rows.reduce((s, r) => s + r.amount, 0n).toString(),
      epochs,
      days: [...days].map(([day, d]) => ({ day, amount: d.amount.toString(), tasks: d.tasks })),
    };
  }

  /** A node's standing as verification weighs it now; null for a node never seen. */
  reputation(nodeId: string): { reputation: Reputation; onProbation: boolean } | null {
    const known = this.known.get(nodeId);
    if (!known) return null;
    return { reputation: { ...known.reputation }, onProbation: known.reputation.canaryPasses < this.reputationPolicy.probationCanaries };
  }

  catalog(): ModelSpec[] {
    return [...this.models.values()];
  }

  /** Unix ms where epoch 0 began, once start() has read it from the store. */
  get genesisAt(): number {
    return this.genesis;
  }

  get heartbeatIntervalMs(): number {
    return this.config.heartbeatIntervalMs;
  }

  /**
   * Orderly stop: sessions close, what is queued is written, then the timers stop. Leases stay
   * in the store, so results that nodes bring back to the next start still count.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    const now = this.clock.now();
    for (const node of [...this.live.values()]) {
      node.link.send({ type: 'error', code: 'shutting-down', message: 'coordinator is stopping', ref: null, fatal: true });
      this.live.delete(node.id);
      this.requesting.delete(node);
      this.markUptime(node, now);
      node.link.close('coordinator stopping');
    }
    await this.writer.flush().catch(() => undefined);
    await this.writer.settle();
    this.dispose();
  }

  dispose(): void {
    this.stopped = true;
    this.disposables.dispose();
  }
}

/** A task as matching holds it, before any lease: replicated twice until a grant decides otherwise. */
function liveTask(record: TaskRecord, model: ModelSpec, votes: ResultRecord[]): LiveTask {
  return { record, model, votes, leases: new Map(), refusedBy: new Set(), needed: 2, initialResults: 2, lastLoss: null, judged: new Map() };
}

const RATE_WINDOW_MS = 1_000;
/** Eligible nodes scored per match at most, and nodes looked at for them; see pickNode. */
const MATCH_SAMPLE = 1_000;
const MATCH_SCAN = 4 * MATCH_SAMPLE;

/** A set that can also be read as an array (for windows from any offset); removal swaps in the last item. */
class IndexedSet<T> {
  readonly items: T[] = [];
  private readonly index = new Map<T, number>();

  get size(): number {
    return this.items.length;
  }

  add(item: T): void {
    if (this.index.has(item)) return;
    this.index.set(item, this.items.length);
    this.items.push(item);
  }

  delete(item: T): void {
    const i = this.index.get(item);
    if (i === undefined) return;
    const last = this.items.pop()!;
    this.index.delete(item);
    if (last !== item) {
      this.items[i] = last;
      this.index.set(last, i);
    }
  }
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * One node's connection: the challenge/hello handshake, per-node rate limit, message parsing and
 * typed errors. A misbehaving node gets errors and at worst a closed socket; nothing it sends
 * can throw past this class.
 */
export class Session {
  readonly nonce = '0x' + randomBytes(32).toString('hex');
  private nodeId: string | null = null;
  private windowStart = 0;
  private windowCount = 0;
  private strikes = 0;
  private closed = false;

  constructor(
    private readonly coordinator: Coordinator,
    private readonly link: NodeLink,
    private readonly maxMessagesPerSecond: number,
    private readonly clock: Clock,
  ) {
    link.send({ type: 'challenge', protocolVersions: [PROTOCOL_VERSION], nonce: this.nonce, serverTime: clock.now() });
  }

  get node(): string | null {
    return this.nodeId;
  }

  /** Handles one text frame. Never throws. */
  async receive(frame: string): Promise<void> {
    if (this.closed) return;
    try {
      await this.handle(frame);
    } catch (error) {
      if (error instanceof ProtocolFault) this.fail(error.code, error.message, error.ref, error.fatal, error.issues);
      else this.fail('internal', `internal error: ${(error as Error).message}`, null, false);
    }
  }

  private async handle(frame: string): Promise<void> {
    if (frame.length > MAX_FRAME_BYTES) throw new ProtocolFault('too-large', `frame exceeds ${MAX_FRAME_BYTES} bytes`, null, false);
    const now = this.clock.now();
    if (now - this.windowStart >= RATE_WINDOW_MS) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    if (++this.windowCount > this.maxMessagesPerSecond) {
      throw new ProtocolFault('rate-limited', `more than ${this.maxMessagesPerSecond} messages per second`, null, false);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(frame);
    } catch {
      throw new ProtocolFault('malformed', 'frame is not valid JSON', null, false);
    }
    let message;
    try {
      message = parseUnknown(NodeMessageSchema, raw, 'INVALID_PARAMS', 'message');
    } catch (error) {
      const ref = typeof (raw as { requestId?: unknown })?.requestId === 'string' ? (raw as { requestId: string }).requestId : null;
      throw new ProtocolFault('malformed', (error as PlexError).message, ref, false, (error as PlexError).issues);
    }
    if (message.type === 'hello') return this.hello(message);
    const nodeId = this.nodeId;
    if (!nodeId) throw new ProtocolFault('not-ready', 'send hello first', null, true);
    switch (message.type) {
      case 'heartbeat':
        this.coordinator.heartbeat(nodeId, message.paused);
        return;
      case 'lease':
        this.coordinator.requestLeases(nodeId, message.requestId, message.slots, message.models);
        return;
      case 'submit': {
        if (!sameAddress(recoverSigner(submitMessage(message.results), message.signature) ?? '', nodeId)) {
          throw new ProtocolFault('bad-signature', 'the results are not signed by this node', null, false);
        }
        const items = await this.coordinator.submit(nodeId, message.results);
        this.send({ type: 'ack', items });
        return;
      }
      case 'refuse': {
        const status = this.coordinator.refuse(nodeId, message.leaseId, `${message.reason}: ${message.message}`);
        this.send({ type: 'ack', items: [{ leaseId: message.leaseId, status, ...(status === 'rejected' ? { reason: 'unknown or expired lease' } : {}) }] });
        return;
      }
    }
  }

  private hello(hello: Extract<ReturnType<typeof NodeMessageSchema.parse>, { type: 'hello' }>): void {
    if (this.nodeId) throw new ProtocolFault('replay', 'hello already received on this connection', null, false);
    if (hello.protocolVersion !== PROTOCOL_VERSION) {
      throw new ProtocolFault('unsupported-version', `protocol version ${hello.protocolVersion} is not supported; use ${PROTOCOL_VERSION}`, null, true);
    }
    const signer = recoverSigner(helloMessage(this.nonce, hello.nodeId, hello.payout.address), hello.signature);
    if (!signer || !sameAddress(signer, hello.nodeId)) {
      throw new ProtocolFault('bad-signature', 'hello is not signed by the node key over this connection\'s nonce', null, true);
    }
    const payoutSigner = recoverSigner(payoutBindingMessage(hello.nodeId, hello.payout.address), hello.payout.signature);
    if (!payoutSigner || !sameAddress(payoutSigner, hello.payout.address)) {
      throw new ProtocolFault('bad-signature', 'the payout address is not bound by its own wallet\'s signature', null, true);
    }
    this.nodeId = signer;
    this.coordinator.register(this, this.link, { nodeId: signer, payout: payoutSigner, caps: hello.capabilities });
    this.send({
      type: 'welcome',
      protocolVersion: PROTOCOL_VERSION,
      sessionId: randomUUID(),
      nodeId: signer,
      heartbeatIntervalMs: this.coordinator.heartbeatIntervalMs,
      maxFrameBytes: MAX_FRAME_BYTES,
      maxMessagesPerSecond: this.maxMessagesPerSecond,
      serverTime: this.clock.now(),
    });
  }

  private send(message: CoordinatorMessage): void {
    if (!this.closed) this.link.send(message);
  }

  private fail(code: ProtocolErrorCode, message: string, ref: string | null, fatal: boolean, issues?: Issue[]): void {
    this.send({ type: 'error', code, message, ref, fatal, ...(issues?.length ? { issues: issues.slice(0, 20) } : {}) });
    // Repeated garbage is treated like a fatal error: the socket is worth less than the CPU.
    if (!fatal && ++this.strikes < 50) return;
    this.close(message);
  }

  private close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    if (this.nodeId) this.coordinator.unregister(this.nodeId, reason, this);
    this.link.close(reason);
  }

  /** The transport closed. */
  disconnected(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.nodeId) this.coordinator.unregister(this.nodeId, 'disconnected', this);
  }
}

class ProtocolFault extends Error {
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
    readonly ref: string | null,
    readonly fatal: boolean,
    readonly issues: Issue[] = [],
  ) {
    super(message);
  }
}
