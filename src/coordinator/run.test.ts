import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCoordinator } from './run';

const dataDir = mkdtempSync(join(tmpdir(), 'plexai-run-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function start(genesis?: number) {
  const lines: string[] = [];
  const running = await runCoordinator({ host: '127.0.0.1', port: 0, dataDir, apiKeys: [], ...(genesis === undefined ? {} : { genesis }) }, (line) => lines.push(line));
  await running.stop();
  return lines.find((l) => l.startsWith('epochs:'));
}

describe('plexai coordinator --genesis', () => {
  test('the first start fixes genesis; later starts keep it, and one asking for another stops with the reason', async () => {
    const genesis = Date.parse('2026-01-01T00:00:00Z');
    expect(await start(genesis)).toMatch(/^epochs: 6 h each from genesis 2026-01-01T00:00:00\.000Z, now epoch \d+;/);
    expect(await start()).toContain('from genesis 2026-01-01T00:00:00.000Z');
    await expect(start(genesis + 6 * 3_600_000)).rejects.toThrow(/network began at 2026-01-01T00:00:00\.000Z .*would renumber its epochs/);
    // The failed start let go of the store: the next one opens it.
    expect(await start(genesis)).toContain('from genesis 2026-01-01T00:00:00.000Z');
  }, 60_000);
});
