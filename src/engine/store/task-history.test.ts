import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { TaskHistoryEntry } from '../../common/api';
import { TaskHistory, compactHistory, parseHistory } from './task-history';

const freshFile = () => join(mkdtempSync(join(tmpdir(), 'plexai-history-')), 'task-history.jsonl');
const entry = (n: number): TaskHistoryEntry => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  taskId: `task-${n}`,
  leaseId: `lease-${n}`,
  kind: 'result',
  status: 'accepted',
});
const line = (n: number) => `${JSON.stringify(entry(n))}\n`;

describe('compactHistory', () => {
  test('keeps the newest entries, oldest first, and leaves torn lines out', () => {
    const text = `${line(1)}${line(2)}{"at":"2026-01-01T00:00:0\n${line(3)}${line(4)}`;
    expect(parseHistory(compactHistory(text, 2)).map((e) => e.taskId)).toEqual(['task-3', 'task-4']);
    expect(compactHistory(text, 10)).toBe(`${line(1)}${line(2)}${line(3)}${line(4)}`);
  });
});

describe('TaskHistory (real files)', () => {
  test('stays within its size while the newest entries, which the UI shows, all remain', async () => {
    const path = freshFile();
    const history = new TaskHistory(path, { maxBytes: 3000, keepEntries: 20 });
    let largest = 0;
    for (let n = 0; n < 200; n++) {
      await history.append(entry(n));
      largest = Math.max(largest, statSync(path).size);
    }
    expect(largest).toBeLessThanOrEqual(3000 + line(199).length);
    const recent = await history.recent(20);
    expect(recent.map((e) => e.taskId)).toEqual(Array.from({ length: 20 }, (_, i) => `task-${199 - i}`));
    // Reopened, as after a restart: the same entries, and appending carries on from them.
    const reopened = new TaskHistory(path, { maxBytes: 3000, keepEntries: 20 });
    await reopened.append(entry(200));
    expect((await reopened.recent(3)).map((e) => e.taskId)).toEqual(['task-200', 'task-199', 'task-198']);
    expect(readdirSync(join(path, '..'))).toEqual(['task-history.jsonl']);
  });

  test('after a crash mid-append, the torn line is skipped and the next entry is not lost with it', async () => {
    const path = freshFile();
    writeFileSync(path, `${line(1)}${line(2)}{"at":"2026-01-01T00:0`);
    const history = new TaskHistory(path);
    await history.append(entry(3));
    await history.append(entry(4));
    expect((await history.recent(10)).map((e) => e.taskId)).toEqual(['task-4', 'task-3', 'task-2', 'task-1']);
  });

  test('a compaction cut short by a crash leaves the history whole; the next one replaces its leftover', async () => {
    const path = freshFile();
    writeFileSync(path, `${line(1)}${line(2)}`);
    writeFileSync(`${path}.tmp`, line(2).slice(0, 20));
    const history = new TaskHistory(path, { maxBytes: 400, keepEntries: 2 });
    expect((await history.recent(10)).map((e) => e.taskId)).toEqual(['task-2', 'task-1']);
    for (let n = 3; n <= 6; n++) await history.append(entry(n));
    expect((await history.recent(10)).map((e) => e.taskId)).toEqual(['task-6', 'task-5']);
    expect(readdirSync(join(path, '..'))).toEqual(['task-history.jsonl']);
  });
});
