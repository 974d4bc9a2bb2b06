import { createEngine } from '../engine/create-engine';
import { joinNetwork } from '../engine/network/join';
import { WalletService, bscWalletOptions } from '../engine/wallet';
import { startControlServer } from '../host/control-server';
import { assertRendererBuilt, rendererDir } from './paths';
import { stopSignal } from './signals';

export interface HeadlessOptions {
  port: number;
  dataDir: string;
  appVersion: string;
  simulatedHardware?: string;
  /** The task network's coordinator to join; without it the miner stays off any network. */
  coordinatorUrl?: string;
}

/** The two lines a headless start prints; the second is what people (and e2e/support/host.ts) open. */
export function announceHeadless(log: (line: string) => void, appVersion: string, dataDir: string, url: string): void {
  log(`PlexAi Miner ${appVersion} is running headless; its control UI listens on 127.0.0.1 only (data: ${dataDir}).`);
  log(`Open: ${url}`);
}

/** Runs the engine with its UI served on loopback until SIGINT/SIGTERM. */
export async function runHeadless(options: HeadlessOptions, log: (line: string) => void): Promise<void> {
  assertRendererBuilt();
  const stop = stopSignal();
  // The engine owns the wallet once created; until then a failure here must close it.
  const wallet = await WalletService.create(bscWalletOptions(options.dataDir));
  const { engine, warnings } = await createEngine({ ...options, transport: 'headless', wallet }).catch((error: unknown) => {
    wallet.dispose();
    throw error;
  });
  for (const warning of warnings) log(`Warning: ${warning}`);
  let server;
  try {
    if (options.coordinatorUrl) await joinNetwork(engine, wallet, { coordinatorUrl: options.coordinatorUrl, dataDir: options.dataDir });
    server = await startControlServer(engine, { port: options.port, rendererDir });
  } catch (error) {
    engine.dispose();
    throw error;
  }
  announceHeadless(log, options.appVersion, options.dataDir, server.url);

  await stop.requested;
  await server.close();
  engine.dispose();
}
