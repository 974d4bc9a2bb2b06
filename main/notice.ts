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
    private readonly warn: (message: string) => void,
  ) {}

  static async open(dataDir: string, warn: (message: string) => void = console.warn): Promise<NoticeLog> {
    const path = join(dataDir, 'notices.json');
    const names = await readFile(path, 'utf8')
      .then((text) => JSON.parse(text) as unknown)
      .catch(() => []);
    return new NoticeLog(path, new Set(Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : []), warn);
  }

  /**
   * True the first time it is asked for a name, false ever after. Never rejects: when the record
   * cannot be written the notice is still shown, once in this run, and may show again next run.
   */
  async firstTime(name: string): Promise<boolean> {
    if (this.shown.has(name)) return false;
    this.shown.add(name);
    await writeFile(this.path, JSON.stringify([...this.shown]), 'utf8').catch((error: Error) =>
      this.warn(`Could not record that the notice '${name}' was shown (${error.message}); it may show again after a restart.`),
    );
    return true;
  }
}
