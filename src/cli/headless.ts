import { createEngine } from '../engine/create-engine';
import { startControlServer } from '../host/control-server';
import { assertRendererBuilt, rendererDir } from './paths';

export interface HeadlessOptions {
  port: number;
  dataDir: string;
  appVersion: string;
  simulatedHardware?: string;
}

/** Runs the engine with its UI served on loopback until SIGINT/SIGTERM. */
export async function runHeadless(options: HeadlessOptions, log: (line: string) => void): Promise<void> {
  assertRendererBuilt();
  // Listen for the stop signals before anything is announced, so Ctrl+C always shuts down cleanly.
  const stopRequested = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const { engine, warnings } = await createEngine({ ...options, transport: 'headless' });
  for (const warning of warnings) log(`Warning: ${warning}`);
  let server;
  try {
    server = await startControlServer(engine, { port: options.port, rendererDir });
  } catch (error) {
    engine.dispose();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`Port ${options.port} is already in use on 127.0.0.1: choose another with --port, or leave it out for a free one.`);
    }
    throw error;
  }
  log(`PlexAi Miner ${options.appVersion} is running headless; its control UI listens on 127.0.0.1 only (data: ${options.dataDir}).`);
  log(`Open: ${server.url}`);

  await stopRequested;
  await server.close();
  engine.dispose();
}
