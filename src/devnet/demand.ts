import { API_KEY_HEADER, type Tensor } from '../common/protocol';
import type { DevnetModel } from './catalog';

export interface DemandOptions {
  /** The coordinator's HTTP base URL. */
  coordinatorUrl: string;
  apiKey: string;
  models: DevnetModel[];
  /** Tasks submitted per second, on average. */
  tasksPerSecond: number;
  /** Seeds the inputs, so a devnet run can be replayed. */
  seed: number;
  /** Submission pauses while the coordinator has this many tasks queued (no miner, or a stopped one). */
  maxQueued?: number;
  tickMs?: number;
}

export interface DemandStats {
  submitted: number;
  completed: number;
  failed: number;
  /** Submissions skipped because the queue was full. */
  heldBack: number;
  lastError: string | null;
}

/** mulberry32: a tiny seeded PRNG; the inputs need to be reproducible, not secret. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One task's input for `model`: a batch of seeded values in [0, 1), as image pixels and feature vectors are. */
export function randomInput(model: DevnetModel, random: () => number): Tensor {
  const shape = [model.batch, ...model.info.inputShape];
  const size = shape.reduce((a, b) => a * b, 1);
  // Rounded to 1/1024 so the JSON stays short; float32 holds these exactly.
  return { dtype: 'float32', shape, data: Array.from({ length: size }, () => Math.round(random() * 1024) / 1024) };
}

/**
 * The devnet's AI developers: a steady stream of inference tasks on the bundled models, submitted
 * through the coordinator's public HTTP API with an API key, exactly as an outside submitter
 * would. It follows its own tasks to the end (a sample per tick) so the devnet can say how many
 * came back verified.
 */
export class DemandGenerator {
  private readonly random: () => number;
  private readonly open: string[] = [];
  private readonly done = new Map<string, 'completed' | 'failed'>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private ticking: Promise<void> | null = null;
  private credit = 0;
  private stopped = false;
  readonly stats: DemandStats = { submitted: 0, completed: 0, failed: 0, heldBack: 0, lastError: null };

  constructor(private readonly options: DemandOptions) {
    if (!options.models.length) throw new Error('the demand generator needs at least one model');
    this.random = seededRandom(options.seed);
  }

  start(): void {
    const tickMs = this.options.tickMs ?? 500;
    const loop = () => {
      if (this.stopped) return;
      this.ticking = this.tick(tickMs).finally(() => {
        this.ticking = null;
        if (!this.stopped) this.timer = setTimeout(loop, tickMs);
      });
    };
    loop();
  }

  /** Ids of tasks this generator submitted that finished as `status`. */
  finished(status: 'completed' | 'failed'): string[] {
    return [...this.done].filter(([, s]) => s === status).map(([id]) => id);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
  }

  private async tick(tickMs: number): Promise<void> {
    try {
      this.credit += (this.options.tasksPerSecond * tickMs) / 1000;
      const count = Math.min(256, Math.floor(this.credit));
      if (count > 0) {
        this.credit -= count;
        const health = (await this.get('/healthz')) as { queuedTasks: number };
        if (health.queuedTasks >= (this.options.maxQueued ?? 64)) {
          this.stats.heldBack += count;
        } else {
          await this.submit(count);
        }
      }
      await this.follow(16);
      this.stats.lastError = null;
    } catch (error) {
      // The coordinator may be restarting or stopping; the next tick tries again.
      this.stats.lastError = (error as Error).message;
    }
  }

  private async submit(count: number): Promise<void> {
    const { models } = this.options;
    const tasks = Array.from({ length: count }, () => {
      const model = models[Math.floor(this.random() * models.length)]!;
      return { model: model.spec.ref.id, input: randomInput(model, this.random) };
    });
    const response = await fetch(`${this.options.coordinatorUrl}/v1/tasks/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [API_KEY_HEADER]: this.options.apiKey },
      body: JSON.stringify({ tasks }),
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status !== 202) throw new Error(`task submission answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { tasks: { taskId: string }[] };
    for (const { taskId } of body.tasks) this.open.push(taskId);
    this.stats.submitted += body.tasks.length;
  }

  /** Checks the oldest open tasks; finished ones are counted and remembered (the last 10,000). */
  private async follow(max: number): Promise<void> {
    const batch = this.open.slice(0, max);
    const statuses = await Promise.all(batch.map((id) => this.get(`/v1/tasks/${id}`) as Promise<{ taskId: string; status: string }>));
    for (const status of statuses) {
      if (status.status !== 'completed' && status.status !== 'failed') continue;
      this.open.splice(this.open.indexOf(status.taskId), 1);
      this.done.set(status.taskId, status.status);
      this.stats[status.status]++;
      if (this.done.size > 10_000) this.done.delete(this.done.keys().next().value!);
    }
    // Rotate the still-open ones to the back so a stuck task never hides newer ones.
    const still = batch.filter((id) => !this.done.has(id));
    for (const id of still) {
      this.open.splice(this.open.indexOf(id), 1);
      this.open.push(id);
    }
  }

  private async get(path: string): Promise<unknown> {
    const response = await fetch(`${this.options.coordinatorUrl}${path}`, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    return response.json();
  }
}
