import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Remembers, in the data directory, the one-time notices the desktop shell has shown (the
 * "still mining in the tray" notification on the first close), so they are never repeated.
 */
export class NoticeLog {
  private constructor(
    private readonly path: string,
    private readonly shown: Set<string>,
  ) {}

  static async open(dataDir: string): Promise<NoticeLog> {
    const path = join(dataDir, 'notices.json');
    const names = await readFile(path, 'utf8')
      .then((text) => JSON.parse(text) as unknown)
      .catch(() => []);
    return new NoticeLog(path, new Set(Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : []));
  }

  /** True the first time it is asked for a name, false ever after. */
  async firstTime(name: string): Promise<boolean> {
    if (this.shown.has(name)) return false;
    this.shown.add(name);
    await writeFile(this.path, JSON.stringify([...this.shown]), 'utf8');
    return true;
  }
}
