import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TaskHistoryEntrySchema, type TaskHistoryEntry } from '../../common/api';

/**
 * Settled tasks, one JSON line each, appended as acknowledgements arrive. A torn last line (a
 * crash mid-append) is skipped on reading, never fatal.
 */
export class TaskHistory {
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  append(entry: TaskHistoryEntry): Promise<void> {
    this.writes = this.writes
      .then(async () => {
        await mkdir(dirname(this.path), { recursive: true });
        await appendFile(this.path, `${JSON.stringify(entry)}\n`);
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
    const entries: TaskHistoryEntry[] = [];
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0 && entries.length < limit; i--) {
      try {
        entries.push(TaskHistoryEntrySchema.parse(JSON.parse(lines[i]!)));
      } catch {
        // a torn or empty line
      }
    }
    return entries;
  }
}
