import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { findElectron } from './electron';
import { packageRoot } from './paths';

/** Runs `plexai …` as `npm start` does and collects its output until `until` matches or it exits. */
function plexai(args: string[], until?: RegExp): Promise<{ code: number | null; output: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plexai-cli-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args, '--data-dir', dataDir], {
    cwd: packageRoot,
    env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' },
  });
  let output = '';
  return new Promise((resolve) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (until?.test(output) && !child.killed) child.kill('SIGTERM');
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code, signal) => resolve({ code, output: output + (signal ? `[signal ${signal}]` : '') }));
  });
}

const urlLine = /Open: http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{32}\n/;

describe('plexai', () => {
  test('start without a usable Electron says why in one line and runs the devnet with the miner headless; SIGTERM stops it all', async ({ skip }) => {
    if ('binary' in findElectron({ DISPLAY: '' })) skip('Electron can run here');
    const { code, output } = await plexai(['start', '--port', '0'], urlLine);
    const lines = output.trim().split('\n');
    expect(lines[0]).toMatch(/^The desktop app cannot open here because .+; starting headless instead\.$/);
    // One line per devnet part, saying where it is, before the UI's URL.
    expect(output).toMatch(/^chain: http:\/\/127\.0\.0\.1:\d+ \(chain id 31337/m);
    expect(output).toMatch(/^contracts: PLEXAI 0x[0-9a-fA-F]{40}, .*MiningRewards 0x[0-9a-fA-F]{40}$/m);
    expect(output).toMatch(/^walletconnect relay: ws:\/\/127\.0\.0\.1:\d+$/m);
    expect(output).toMatch(/^coordinator: http:\/\/127\.0\.0\.1:\d+ /m);
    expect(output).toMatch(/^demand: .* x-api-key: devnet-\w+$/m);
    expect(output).toMatch(/^miner: .*press Start in the UI/m);
    expect(output).toMatch(urlLine);
    expect(lines.at(-1)).toBe('devnet: stopped');
    expect(code).toBe(0);
  }, 60_000);

  test('start --headless --no-devnet goes straight to the headless host and stops cleanly on SIGTERM', async () => {
    const { code, output } = await plexai(['start', '--headless', '--no-devnet'], urlLine);
    expect(output).not.toContain('chain:');
    expect(output).not.toContain('cannot open here');
    expect(output).toContain('listens on 127.0.0.1 only');
    expect(code).toBe(0);
  });

  test('a port in use is a clear error', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as { port: number }).port;
    const { code, output } = await plexai(['headless', '--port', String(port)]);
    blocker.close();
    expect(code).toBe(1);
    expect(output).toContain(`Port ${port} is already in use on 127.0.0.1`);
  });

  test.for([
    [['headless', '--port', 'eighty'], 1, '--port must be a whole number'],
    [['mine-bitcoin'], 2, 'Unknown command "mine-bitcoin"'],
    [['headless', '--simulate-hardware', '/nonexistent.json'], 1, 'nonexistent.json'],
    [['headless', '--coordinator', 'ftp://127.0.0.1:8420'], 1, '--coordinator must be an http(s) or ws(s) URL'],
    [['coordinator', '--genesis', 'yesterday'], 1, '--genesis must be an ISO date with a time zone'],
    [['coordinator', '--catalog', '/nonexistent-catalog.json'], 1, '--catalog /nonexistent-catalog.json cannot be read'],
    [['coordinator', '--host', '0.0.0.0'], 1, 'plexai: refusing to listen on 0.0.0.0 without TLS'],
    [['coordinator', '--tls-cert', '/etc/ssl/cert.pem'], 1, '--tls-cert and --tls-key (PLEXAI_TLS_CERT, PLEXAI_TLS_KEY) go together'],
    [['coordinator', '--tls-cert', '/nonexistent-cert.pem', '--tls-key', '/nonexistent-key.pem'], 1, 'cannot read the TLS certificate /nonexistent-cert.pem'],
  ] as const)('plexai %j fails with a message', async ([args, expectedCode, message]) => {
    const { code, output } = await plexai([...args]);
    expect(code).toBe(expectedCode);
    expect(output).toContain(message);
  });
});
