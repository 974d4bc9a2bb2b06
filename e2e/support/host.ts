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

export interface RunningDevnet extends RunningHost {
  dataDir: string;
  /** The devnet's WalletConnect relay (ws://127.0.0.1:PORT), where a test wallet pairs. */
  relayUrl: string;
  chainId: number;
  /** The dev wallet's address, as the devnet prints it. */
  devWalletAddress: string;
  /** Everything the devnet printed so far, for a failing test's report. */
  output(): string;
}

/**
 * Starts `plexai devnet` as a user would (chain, relay, coordinator, and the miner headless with its
 * UI), in a temporary data directory, and reads the URLs it prints.
 */
export async function startDevnet(options: { simulateHardware?: string; mine?: boolean; epochSeconds?: number } = {}): Promise<RunningDevnet> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plexai-e2e-devnet-'));
  const args = ['--import', 'tsx', 'src/cli/main.ts', 'devnet', '--port', '0', '--data-dir', dataDir];
  if (options.simulateHardware) args.push('--simulate-hardware', options.simulateHardware);
  if (options.mine) args.push('--mine');
  if (options.epochSeconds) args.push('--epoch-seconds', String(options.epochSeconds));
  const child: ChildProcess = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });

  let output = '';
  const printed = await new Promise<{ url: string; relayUrl: string; chainId: number; devWalletAddress: string }>((resolve, reject) => {
    // The chain, contracts, coordinator and models come up first: a loaded 2-core box needs time.
    const timer = setTimeout(() => reject(new Error(`devnet did not print its URLs in time:\n${output}`)), 120_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Open: (http:\/\/\S+)/.exec(output)?.[1];
      const relayUrl = /walletconnect relay: (ws:\/\/\S+)/.exec(output)?.[1];
      const chain = /chain id (\d+)[^;]*; dev wallet (0x[0-9a-fA-F]{40})/.exec(output);
      if (url && relayUrl && chain) {
        clearTimeout(timer);
        resolve({ url, relayUrl, chainId: Number(chain[1]), devWalletAddress: chain[2]! });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`devnet exited (${code}) before printing its URLs:\n${output}`)));
  });

  return {
    ...printed,
    port: Number(new URL(printed.url).port),
    dataDir,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
