import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';

/**
 * Reads a JSON document that must match `schema`. A missing file yields `fallback`; a corrupt or
 * foreign one is kept aside as `<file>.corrupt-<time>` (nothing the user wrote is destroyed) and
 * `fallback` is used.
 */
export async function readJsonFile<S extends z.ZodType>(
  path: string,
  schema: S,
  fallback: z.output<S>,
  now: () => Date = () => new Date(),
): Promise<{ value: z.output<S>; recovered: string | null }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { value: fallback, recovered: null };
    throw error;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return { value: parsed.data, recovered: null };
  } catch {
    // not JSON: handled below like a schema mismatch
  }
  const aside = `${path}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
  await rename(path, aside);
  return { value: fallback, recovered: aside };
}

/** Writes through a temporary file and a rename, so a crash mid-write never leaves half a file. */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, 'utf8');
  await rename(temporary, path);
}
