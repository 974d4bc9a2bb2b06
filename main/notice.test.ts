import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { NoticeLog } from './notice';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'plexai-notices-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('NoticeLog', () => {
  test('the first-close notice shows once, and not again after a restart', async () => {
    const log = await NoticeLog.open(dataDir);
    expect(await log.firstTime('closed-to-tray')).toBe(true);
    expect(await log.firstTime('closed-to-tray')).toBe(false);
    const afterRestart = await NoticeLog.open(dataDir);
    expect(await afterRestart.firstTime('closed-to-tray')).toBe(false);
    expect(await afterRestart.firstTime('another-notice')).toBe(true);
  });

  test('two closes at once show it once', async () => {
    const log = await NoticeLog.open(dataDir);
    expect(await Promise.all([log.firstTime('closed-to-tray'), log.firstTime('closed-to-tray')])).toEqual([true, false]);
  });

  test('a damaged record counts as nothing shown yet', async () => {
    writeFileSync(join(dataDir, 'notices.json'), '{"closed-to-tray": tru');
    expect(await (await NoticeLog.open(dataDir)).firstTime('closed-to-tray')).toBe(true);
  });

  test('when the record cannot be written the notice still shows, once this run, and says why', async () => {
    // A folder where the file should be: the write fails as on a full or read-only disk.
    mkdirSync(join(dataDir, 'notices.json'));
    const warnings: string[] = [];
    const log = await NoticeLog.open(dataDir, (message) => warnings.push(message));
    expect(await log.firstTime('closed-to-tray')).toBe(true);
    expect(await log.firstTime('closed-to-tray')).toBe(false);
    expect(warnings).toEqual([expect.stringMatching(/^Could not record that the notice 'closed-to-tray' was shown \(EISDIR.*\); it may show again after a restart\.$/)]);
  });
});
