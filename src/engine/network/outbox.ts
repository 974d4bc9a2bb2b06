import { open, readFile, readdir, rename, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { RefuseSchema, ResultItemSchema } from '../../common/protocol';

export const OutboxEntrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('result'), item: ResultItemSchema }),
  z.object({ kind: z.literal('refusal'), refusal: RefuseSchema }),
]);
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

const leaseOf = (entry: OutboxEntry) => (entry.kind === 'result' ? entry.item.leaseId : entry.refusal.leaseId);

/**
 * Finished work waiting for the coordinator's acknowledgement: one file per lease, written to a
 * temporary name, fsynced and renamed, so that a process killed at any instant leaves each result
 * either whole on disk or not yet finished, never half-written. Removed only on `ack`.
 */
export class Outbox {
  private readonly entries = new Map<string, OutboxEntry>();

  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<Outbox> {
    const outbox = new Outbox(dir);
    await mkdir(dir, { recursive: true });
    for (const name of await readdir(dir)) {
      if (!name.endsWith('.json')) continue;
      try {
        const entry = OutboxEntrySchema.parse(JSON.parse(await readFile(join(dir, name), 'utf8')));
        outbox.entries.set(leaseOf(entry), entry);
      } catch {
        // Only complete files are ever renamed into place; anything else is not ours to keep.
        await rm(join(dir, name), { force: true });
      }
    }
    return outbox;
  }

  pending(): OutboxEntry[] {
    return [...this.entries.values()];
  }

  async put(entry: OutboxEntry): Promise<void> {
    const lease = leaseOf(entry);
    const target = join(this.dir, `${encodeURIComponent(lease)}.json`);
    const temporary = `${target}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(JSON.stringify(entry));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
    this.entries.set(lease, entry);
  }

  /** Drops the entry for `leaseId` from memory and disk; resolves with it, or undefined if none was kept. */
  async remove(leaseId: string): Promise<OutboxEntry | undefined> {
    const entry = this.entries.get(leaseId);
    if (!entry) return undefined;
    this.entries.delete(leaseId);
    await rm(join(this.dir, `${encodeURIComponent(leaseId)}.json`), { force: true });
    return entry;
  }
}
