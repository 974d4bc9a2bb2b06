import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningHost {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const root = new URL('../..', import.meta.url).pathname;

/**
 * Starts `plexai headless` as a user would, in its own data directory, and reads the URL it prints.
 */
export async function startHost(options: { port?: number; dataDir?: string; simulateHardware?: string } = {}): Promise<RunningHost & { dataDir: string }> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'plexai-e2e-'));
  const args = ['--import', 'tsx', 'src/cli/main.ts', 'headless', '--port', String(options.port ?? 0), '--data-dir', dataDir];
  if (options.simulateHardware) args.push('--simulate-hardware', options.simulateHardware);
  const child: ChildProcess = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });

  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not print its URL in time:\n${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open: (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`host exited (${code}) before printing its URL:\n${output}`)));
  });

  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
