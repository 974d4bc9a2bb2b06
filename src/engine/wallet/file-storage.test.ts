import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { FileKeyValueStorage } from './file-storage';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plexai-kv-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('keeps values, bigints included, across reopening the file', async () => {
  const path = join(dir, 'wc.json');
  const storage = await FileKeyValueStorage.open(path);
  const history = [{ id: 1735000000000000123n, topic: 'abc', request: { method: 'wc_sessionRequest' } }];
  // A burst as sign-client writes them: the last value of each key wins, nothing is lost.
  await Promise.all([storage.setItem('history', history), storage.setItem('session', ['one']), storage.setItem('session', ['two'])]);
  await storage.setItem('gone', true);
  await storage.removeItem('gone');
  await storage.flush();

  const reopened = await FileKeyValueStorage.open(path);
  expect(await reopened.getItem('history')).toEqual(history);
  expect(await reopened.getItem('session')).toEqual(['two']);
  expect(await reopened.getItem('gone')).toBeUndefined();
  expect((await reopened.getKeys()).sort()).toEqual(['history', 'session']);
  expect(await reopened.getEntries()).toHaveLength(2);
  expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});

test('a sealed store stops writing, so a successor on the same file is not overwritten', async () => {
  const path = join(dir, 'wc.json');
  const old = await FileKeyValueStorage.open(path);
  await old.setItem('k', 'kept');
  old.seal();
  await old.setItem('k', 'late write from a client shutting down');
  await old.flush();
  expect(await (await FileKeyValueStorage.open(path)).getItem('k')).toBe('kept');
});

test('a corrupt file is set aside and the store starts empty', async () => {
  const path = join(dir, 'wc.json');
  await writeFile(path, '{"version":1,"entries":{"k":');
  const storage = await FileKeyValueStorage.open(path);
  expect(await storage.getKeys()).toEqual([]);
  const aside = (await readdir(dir)).find((f) => f.startsWith('wc.json.corrupt-'));
  expect(await readFile(join(dir, aside!), 'utf8')).toContain('"entries"');
});

test('a failed write never rejects setItem but shows in flush', async () => {
  const storage = await FileKeyValueStorage.open(join(dir, 'sub', 'wc.json'));
  // The data directory's place is taken by a file: the write cannot happen.
  await writeFile(join(dir, 'sub'), 'x');
  await expect(storage.setItem('k', 1)).resolves.toBeUndefined();
  await expect(storage.flush()).rejects.toThrow(/EEXIST|ENOTDIR/);
  expect(await storage.getItem('k')).toBe(1);
});
