import type { Disposable } from '../common/lifecycle';
import { emptyBatch, type LeaseRecord, type NodeRecord, type Store, type WriteBatch } from './store';

/**
 * Group commit: changes made in memory collect here and reach the store in one transaction every
 * `intervalMs` (sooner when `maxItems` pile up). `commit()` resolves once everything queued before
 * it is durable, which is when a result may be acknowledged. A failed write is retried whole, in
 * order, so nothing queued is dropped while the process lives.
 */
export interface WriteBehindConfig {
  intervalMs: number;
  maxItems: number;
  retryMs: number;
  owner: string;
  ownershipTtlMs: number;
}

export class WriteBehind implements Disposable {
  private batch = emptyBatch();
  private nodes = new Map<string, NodeRecord>();
  /** Leases granted since the last write; one settled before then is never written at all. */
  private leases = new Map<string, LeaseRecord>();
  private waiters: { resolve(): void; reject(error: Error): void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private disposed = false;

  constructor(
    private readonly config: WriteBehindConfig,
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  add<K extends Exclude<keyof WriteBatch, 'nodes' | 'leases' | 'settledLeases'>>(key: K, item: WriteBatch[K][number]): void {
    (this.batch[key] as WriteBatch[K][number][]).push(item);
    this.schedule();
  }

  node(record: NodeRecord): void {
    this.nodes.set(record.id, record);
    this.schedule();
  }

  lease(record: LeaseRecord): void {
    this.leases.set(record.id, record);
    this.schedule();
  }

  settleLease(id: string): void {
    if (this.leases.delete(id)) return;
    this.batch.settledLeases.push(id);
    this.schedule();
  }

  /** Resolves when everything queued so far is committed. */
  commit(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.schedule();
    });
  }

  /** Writes what is queued now and waits for it. */
  async flush(): Promise<void> {
    const done = this.commit();
    this.fire();
    await done;
  }

  /**
   * Items queued, node records aside (they are upserts, deduplicated). Counted from the batch so a
   * batch put back after a failed write counts again towards the early flush.
   */
  private get size(): number {
    const { tasks, results, verdicts, taskUpdates, uptime, leases, settledLeases } = this.batch;
    return tasks.length + results.length + verdicts.length + taskUpdates.length + uptime.length + leases.length + settledLeases.length + this.leases.size;
  }

  private schedule(): void {
    if (this.disposed) return;
    if (this.size >= this.config.maxItems) this.fire();
    else if (!this.timer) this.timer = setTimeout(() => this.fire(), this.config.intervalMs);
  }

  private fire(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.writing || this.disposed) return;
    const batch = { ...this.batch, nodes: [...this.nodes.values()], leases: [...this.batch.leases, ...this.leases.values()] };
    const waiters = this.waiters;
    this.batch = emptyBatch();
    this.nodes = new Map();
    this.leases = new Map();
    this.waiters = [];
    this.writing = this.store.write(batch, this.config.owner, this.now() + this.config.ownershipTtlMs).then(
      () => {
        for (const w of waiters) w.resolve();
        this.writing = null;
        if (this.waiters.length || this.size) this.schedule();
      },
      () => {
        this.requeue(batch, waiters);
        this.writing = null;
        if (!this.disposed) this.timer = setTimeout(() => this.fire(), this.config.retryMs);
      },
    );
  }

  private requeue(batch: WriteBatch, waiters: typeof this.waiters): void {
    const newer = this.batch;
    this.batch = {
      tasks: [...batch.tasks, ...newer.tasks],
      results: [...batch.results, ...newer.results],
      verdicts: [...batch.verdicts, ...newer.verdicts],
      taskUpdates: [...batch.taskUpdates, ...newer.taskUpdates],
      uptime: [...batch.uptime, ...newer.uptime],
      nodes: [],
      // Inserts before deletes in one write, so a lease settled since the failure stays settled.
      leases: [...batch.leases, ...newer.leases],
      settledLeases: [...batch.settledLeases, ...newer.settledLeases],
    };
    for (const n of batch.nodes) if (!this.nodes.has(n.id)) this.nodes.set(n.id, n);
    this.waiters = [...waiters, ...this.waiters];
  }

  /** Stops the timer; what is still queued is dropped, as a killed process would drop it. */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.waiters) w.reject(new Error('coordinator stopped before the write committed'));
    this.waiters = [];
  }

  /** Waits for a write in progress, for an orderly stop. */
  async settle(): Promise<void> {
    await this.writing;
  }
}
