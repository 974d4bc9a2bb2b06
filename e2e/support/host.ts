import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningHost {
  url: string;
  port: number;
  /** Everything the process printed so far, for a failing test's report. */
  output(): string;
  stop(): Promise<void>;
}

const root = new URL('../..', import.meta.url).pathname;

/**
 * Runs `plexai <args>` as a user would and waits until its output says what `printed` looks for
 * (URLs, the chain id); the process is ended with SIGTERM by `stop`.
 */
async function startCli<T>(
  args: string[],
  what: string,
  timeoutMs: number,
  printed: (output: string) => T | undefined,
): Promise<{ printed: T; output(): string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const found = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not print what it serves in time:\n${output}`)), timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const result = printed(output);
      if (result !== undefined) {
        clearTimeout(timer);
        resolve(result);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before printing what it serves:\n${output}`)));
  });
  return {
    printed: found,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Starts `plexai headless` as a user would, in its own data directory, and reads the URL it prints.
 */
export async function startHost(
  options: { port?: number; dataDir?: string; simulateHardware?: string; coordinatorUrl?: string } = {},
): Promise<RunningHost & { dataDir: string }> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'plexai-e2e-'));
  const args = ['headless', '--port', String(options.port ?? 0), '--data-dir', dataDir];
  if (options.simulateHardware) args.push('--simulate-hardware', options.simulateHardware);
  if (options.coordinatorUrl) args.push('--coordinator', options.coordinatorUrl);
  const cli = await startCli(args, 'host', 20_000, (output) => /Open: (http:\/\/\S+)/.exec(output)?.[1]);
  return {
    url: cli.printed,
    port: Number(new URL(cli.printed).port),
    dataDir,
    output: cli.output,
    async stop() {
      await cli.stop();
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
}

/**
 * Starts `plexai devnet` as a user would (chain, relay, coordinator, and the miner headless with its
 * UI), in a temporary data directory, and reads the URLs it prints.
 */
export async function startDevnet(options: { simulateHardware?: string; mine?: boolean; epochSeconds?: number } = {}): Promise<RunningDevnet> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plexai-e2e-devnet-'));
  const args = ['devnet', '--port', '0', '--data-dir', dataDir];
  if (options.simulateHardware) args.push('--simulate-hardware', options.simulateHardware);
  if (options.mine) args.push('--mine');
  if (options.epochSeconds) args.push('--epoch-seconds', String(options.epochSeconds));
  // The chain, contracts, coordinator and models come up first: a loaded 2-core box needs time.
  const cli = await startCli(args, 'devnet', 120_000, (output) => {
    const url = /Open: (http:\/\/\S+)/.exec(output)?.[1];
    const relayUrl = /walletconnect relay: (ws:\/\/\S+)/.exec(output)?.[1];
    const chain = /chain id (\d+)[^;]*; dev wallet (0x[0-9a-fA-F]{40})/.exec(output);
    return url && relayUrl && chain ? { url, relayUrl, chainId: Number(chain[1]), devWalletAddress: chain[2]! } : undefined;
  });
  return {
    ...cli.printed,
    port: Number(new URL(cli.printed.url).port),
    dataDir,
    output: cli.output,
    async stop() {
      await cli.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
