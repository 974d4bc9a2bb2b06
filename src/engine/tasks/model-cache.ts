import { mkdir, readFile, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TaskFailure } from './failure';
import { disallowedOps, parseModel, type ModelBytes, type ParsedModel } from './model';
import { modelDigest } from './model-digest';
import { readBundledIndex, readBundledModel } from './bundled-models';

/** Where models come from when the cache lacks them: the bundled set, the coordinator. */
export interface ModelSource {
  /** The model's bytes, or null when this source does not have it. Unverified. */
  fetch(sha256: string): Promise<ModelBytes | null>;
}

export class BundledModelSource implements ModelSource {
  constructor(private readonly dir?: string) {}

  async fetch(sha256: string): Promise<ModelBytes | null> {
    const entry = (await readBundledIndex(this.dir)).find((m) => m.sha256 === sha256);
    return entry ? readBundledModel(entry.name, this.dir) : null;
  }
}

export interface VerifiedModel {
  sha256: string;
  bytes: ModelBytes;
  parsed: ParsedModel;
}

interface Entry {
  size: number;
  lastUsed: number;
}

/** Refuses bytes that are not the model asked for, or that use anything off the allowlist. */
export function verifyModel(sha256: string, bytes: ModelBytes): VerifiedModel {
  const actual = modelDigest(bytes);
  if (actual !== sha256) throw new TaskFailure('model-hash-mismatch', `model bytes hash to ${actual}, not ${sha256}`);
  return checkModel(sha256, bytes);
}

/** The allowlist half of `verifyModel`, for bytes whose digest was just checked. */
function checkModel(sha256: string, bytes: ModelBytes): VerifiedModel {
  let parsed: ParsedModel;
  try {
    parsed = parseModel(bytes);
  } catch (error) {
    throw new TaskFailure('model-invalid', (error as Error).message);
  }
  const refused = disallowedOps(parsed);
  if (refused.length) throw new TaskFailure('op-not-allowed', `the model uses ${refused.join(', ')}, outside the allowlist`);
  return { sha256, bytes, parsed };
}

/**
 * A content-addressed, size-capped model cache on disk: `<sha256>.json` and `<sha256>.bin`.
 * Every read is verified against its name, so a file damaged on disk is dropped and fetched again
 * rather than run; the least recently used models go first when the cap is reached.
 */
export class ModelCache {
  private readonly entries = new Map<string, Entry>();
  /**
   * Verified models kept in memory, most recently used last: a task stream for one model would
   * otherwise re-read and re-hash it for every task.
   */
  private readonly hot = new Map<string, VerifiedModel>();
  private static readonly HOT_MODELS = 8;
  /** Concurrent requests for one model share a single read or fetch. */
  private readonly loading = new Map<string, Promise<VerifiedModel>>();
  /** Milliseconds, but strictly increasing, so uses within one millisecond keep their order. */
  private clock = 0;

  private constructor(
    private readonly dir: string,
    private readonly capBytes: number,
    private readonly sources: ModelSource[],
  ) {}

  static async open(dir: string, capBytes: number, sources: ModelSource[]): Promise<ModelCache> {
    const cache = new ModelCache(dir, capBytes, sources);
    await mkdir(dir, { recursive: true });
    for (const name of await readdir(dir)) {
      const match = /^([0-9a-f]{64})\.bin$/.exec(name);
      if (!match) continue;
      try {
        const [json, bin] = await Promise.all([stat(join(dir, `${match[1]}.json`)), stat(join(dir, name))]);
        cache.entries.set(match[1]!, { size: json.size + bin.size, lastUsed: bin.mtimeMs });
        cache.clock = Math.max(cache.clock, bin.mtimeMs);
      } catch {
        // Half of a pair (a crash between the two renames): dropped on the next put of that model.
      }
    }
    return cache;
  }

  totalBytes(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.size;
    return total;
  }

  has(sha256: string): boolean {
    return this.entries.has(sha256);
  }

  get(sha256: string): Promise<VerifiedModel> {
    const hot = this.hot.get(sha256);
    if (hot && this.entries.has(sha256)) {
      this.hot.delete(sha256);
      this.hot.set(sha256, hot);
      this.entries.get(sha256)!.lastUsed = this.stamp();
      return Promise.resolve(hot);
    }
    let pending = this.loading.get(sha256);
    if (!pending) {
      pending = this.load(sha256)
        .then((model) => this.keepHot(model))
        .finally(() => this.loading.delete(sha256));
      this.loading.set(sha256, pending);
    }
    return pending;
  }

  private keepHot(model: VerifiedModel): VerifiedModel {
    // A model too big for the disk cap is not cached on disk, so it is not kept in memory either.
    if (!this.entries.has(model.sha256)) return model;
    this.hot.delete(model.sha256);
    this.hot.set(model.sha256, model);
    while (this.hot.size > ModelCache.HOT_MODELS) this.hot.delete(this.hot.keys().next().value!);
    return model;
  }

  private async load(sha256: string): Promise<VerifiedModel> {
    if (this.entries.has(sha256)) {
      const bytes = await this.read(sha256);
      if (bytes && modelDigest(bytes) === sha256) {
        await this.touch(sha256);
        return checkModel(sha256, bytes);
      }
      await this.remove(sha256);
    }
    for (const source of this.sources) {
      let bytes: ModelBytes | null;
      try {
        bytes = await source.fetch(sha256);
      } catch (error) {
        throw new TaskFailure('model-unavailable', `fetching model ${sha256} failed: ${(error as Error).message}`);
      }
      if (!bytes) continue;
      const model = verifyModel(sha256, bytes);
      await this.put(sha256, bytes);
      return model;
    }
    throw new TaskFailure('model-unavailable', `no source has model ${sha256}`);
  }

  private async read(sha256: string): Promise<ModelBytes | null> {
    try {
      const [json, weights] = await Promise.all([readFile(join(this.dir, `${sha256}.json`)), readFile(join(this.dir, `${sha256}.bin`))]);
      return { json: new Uint8Array(json), weights: new Uint8Array(weights) };
    } catch {
      return null;
    }
  }

  private async put(sha256: string, bytes: ModelBytes): Promise<void> {
    const size = bytes.json.byteLength + bytes.weights.byteLength;
    if (size > this.capBytes) return;
    await this.evictFor(size);
    // The .bin is renamed last: its presence is what marks an entry as complete.
    for (const [ext, data] of [['json', bytes.json], ['bin', bytes.weights]] as const) {
      const target = join(this.dir, `${sha256}.${ext}`);
      await writeFile(`${target}.tmp`, data);
      await rename(`${target}.tmp`, target);
    }
    this.entries.set(sha256, { size, lastUsed: this.stamp() });
  }

  private async evictFor(incoming: number): Promise<void> {
    const byAge = [...this.entries.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    let total = this.totalBytes();
    for (const [sha256, entry] of byAge) {
      if (total + incoming <= this.capBytes) break;
      await this.remove(sha256);
      total -= entry.size;
    }
  }

  private async touch(sha256: string): Promise<void> {
    const now = this.stamp();
    this.entries.get(sha256)!.lastUsed = now;
    await utimes(join(this.dir, `${sha256}.bin`), now / 1000, now / 1000).catch(() => undefined);
  }

  private stamp(): number {
    this.clock = Math.max(this.clock + 1, Date.now());
    return this.clock;
  }

  private async remove(sha256: string): Promise<void> {
    this.entries.delete(sha256);
    this.hot.delete(sha256);
    await Promise.all(['json', 'bin'].map((ext) => rm(join(this.dir, `${sha256}.${ext}`), { force: true })));
  }
}
