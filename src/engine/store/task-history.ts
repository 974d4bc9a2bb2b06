import { appendFile, mkdir, open, readFile, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TaskHistoryEntrySchema, type TaskHistoryEntry } from '../../common/api';

export interface TaskHistoryLimits {
  /** The file is compacted once it grows past this many bytes. */
  maxBytes: number;
  /** Entries a compaction keeps, the newest: at least what the UI can ask for (1,000). */
  keepEntries: number;
}

/** About 150 bytes an entry: some 27,000 entries before a compaction down to 10,000, a few days of steady mining. */
export const defaultHistoryLimits: TaskHistoryLimits = { maxBytes: 4 * 2 ** 20, keepEntries: 10_000 };

/** The entries in a history file, oldest first; torn or foreign lines are left out. */
export function parseHistory(text: string): TaskHistoryEntry[] {
  const entries: TaskHistoryEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      entries.push(TaskHistoryEntrySchema.parse(JSON.parse(line)));
    } catch {
      // a torn line from a crash mid-append, or not ours
    }
  }
  return entries;
}

/** What a compaction writes: the newest `keep` entries, one line each. */
export function compactHistory(text: string, keep: number): string {
  return parseHistory(text)
    .slice(-keep)
    .map((entry) => `${JSON.stringify(entry)}\n`)
    .join('');
}

/**
 * Settled tasks, one JSON line each, appended as acknowledgements arrive. A torn last line (a
 * crash mid-append) is skipped on reading, never fatal. The file is kept to a bounded size by
 * rewriting it with its newest entries: to a temporary file, synced, then renamed over it, so a
 * crash at any instant leaves either the whole old file or the whole new one.
 */
export class TaskHistory {
  private writes: Promise<void> = Promise.resolve();
  /** The file's size as last known; null until the first append looks. */
  private bytes: number | null = null;

  constructor(
    private readonly path: string,
    private readonly limits: TaskHistoryLimits = defaultHistoryLimits,
  ) {}

  append(entry: TaskHistoryEntry): Promise<void> {
    this.writes = this.writes
      .then(async () => {
        // After a crash mid-append the last line has no end: start a new one rather than join it.
        const prefix = this.bytes === null && !(await this.endsWithNewline()) ? '\n' : '';
        const line = `${prefix}${JSON.stringify(entry)}\n`;
        await appendFile(this.path, line);
        this.bytes = (this.bytes ?? 0) + Buffer.byteLength(line);
        if (this.bytes > this.limits.maxBytes) await this.compact();
      })
      .catch(() => undefined);
    return this.writes;
  }

  async recent(limit: number): Promise<TaskHistoryEntry[]> {
    await this.writes;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return parseHistory(text).slice(-limit).reverse();
  }

  /** Also learns the file's size, once. */
  private async endsWithNewline(): Promise<boolean> {
    await mkdir(dirname(this.path), { recursive: true });
    let size: number;
    try {
      size = (await stat(this.path)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.bytes = 0;
        return true;
      }
      throw error;
    }
    this.bytes = size;
    if (size === 0) return true;
    const handle = await open(this.path, 'r');
    try {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      return last[0] === 0x0a;
    } finally {
      await handle.close();
    }
  }

  private async compact(): Promise<void> {
    const kept = compactHistory(await readFile(this.path, 'utf8'), this.limits.keepEntries);
    const temporary = `${this.path}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(kept);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.path);
    this.bytes = Buffer.byteLength(kept);
  }
}
