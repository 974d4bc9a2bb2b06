import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { readJsonFile } from '../store/json-file';

/**
 * A key-value store in one JSON file, in the shape @walletconnect/core's `storage` option wants
 * (IKeyValueStorage). The WalletConnect session (keys, pairing, session, subscriptions) lives in
 * the engine's data directory so it survives restarts of the app and of the headless host.
 *
 * Values are kept the way @walletconnect/keyvaluestorage keeps them: bigints (sign-client's
 * request ids) as "123n" strings, turned back into bigints on read, so a restored client matches
 * responses to its pending requests.
 */
const FileSchema = z.object({ version: z.literal(1), entries: z.record(z.string(), z.string()) });

function encode(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
}

function decode(text: string): unknown {
  return JSON.parse(text, (_, v: unknown) => (typeof v === 'string' && /^\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v));
}

export class FileKeyValueStorage {
  private entries = new Map<string, string>();
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;
  private sealed = false;
  private failure: Error | null = null;

  private constructor(private readonly path: string) {}

  /** A corrupt file is set aside (see readJsonFile) and the wallet starts disconnected. */
  static async open(path: string): Promise<FileKeyValueStorage> {
    const storage = new FileKeyValueStorage(path);
    const { value } = await readJsonFile(path, FileSchema, { version: 1, entries: {} });
    storage.entries = new Map(Object.entries(value.entries));
    return storage;
  }

  async getKeys(): Promise<string[]> {
    return [...this.entries.keys()];
  }

  async getEntries<T = unknown>(): Promise<[string, T][]> {
    return [...this.entries].map(([key, text]) => [key, decode(text) as T]);
  }

  async getItem<T = unknown>(key: string): Promise<T | undefined> {
    const text = this.entries.get(key);
    return text === undefined ? undefined : (decode(text) as T);
  }

  /**
   * Never rejects: sign-client calls this from places that do not handle a rejection, and an
   * unhandled one ends a Node process. A failed write shows in `flush()`.
   */
  async setItem<T = unknown>(key: string, value: T): Promise<void> {
    this.entries.set(key, encode(value));
    await this.persist();
  }

  async removeItem(key: string): Promise<void> {
    if (this.entries.delete(key)) await this.persist();
  }

  /** Resolves once everything set so far is on disk; rejects with the last write failure. */
  async flush(): Promise<void> {
    await this.writing;
    if (this.failure) throw this.failure;
  }

  /**
   * Stops writing: a client being shut down still updates its state (closing sockets, dropping
   * subscriptions), which must not overwrite what a successor opened on the same file reads.
   */
  seal(): void {
    this.sealed = true;
  }

  /**
   * sign-client writes in bursts; one write at a time, and a burst collapses into the write that
   * follows the one in progress.
   */
  private persist(): Promise<void> {
    if (this.sealed) return Promise.resolve();
    if (this.dirty) return this.writing;
    this.dirty = true;
    this.writing = this.writing.then(async () => {
      this.dirty = false;
      try {
        await this.write(JSON.stringify({ version: 1, entries: Object.fromEntries(this.entries) }));
        this.failure = null;
      } catch (error) {
        this.failure = error as Error;
      }
    });
    return this.writing;
  }

  /** Through a uniquely named temporary file and a rename, so a crash never leaves half a file. */
  private async write(text: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}-${randomUUID()}.tmp`;
    await writeFile(temporary, text, { encoding: 'utf8', mode: 0o600 });
    await rename(temporary, this.path);
  }
}
