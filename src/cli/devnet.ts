import { startDevnet } from '../devnet';
import { runElectron } from './electron';
import { announceHeadless } from './headless';
import { assertRendererBuilt, rendererDir } from './paths';
import { stopSignal } from './signals';

export interface DevnetCommandOptions {
  /** The headless UI's port (0: a free one). */
  port: number;
  dataDir: string;
  appVersion: string;
  simulatedHardware?: string;
  /** Start mining at once (CPU mode, dedicated rig) instead of waiting for Start in the UI. */
  mine: boolean;
  /** Epoch length in milliseconds (default the devnet's 2 minutes); short ones let a demo or test see rewards settle. */
  epochMs?: number;
  /** Run the miner in the desktop app (this binary) instead of headless here. */
  electron?: string;
}

/**
 * `plexai devnet` and the default `plexai start`: the embedded network with the miner on top,
 * headless here or in the desktop app, until Ctrl-C (SIGINT/SIGTERM) or the app's exit.
 */
export async function runDevnet(options: DevnetCommandOptions, log: (line: string) => void): Promise<number> {
  if (!options.electron) assertRendererBuilt();
  const stop = stopSignal();
  const devnet = await startDevnet({
    dataDir: options.dataDir,
    appVersion: options.appVersion,
    uiPort: options.port,
    miner: options.electron ? 'none' : 'headless',
    mine: options.mine,
    ...(options.epochMs ? { epochMs: options.epochMs } : {}),
    rendererDir,
    ...(options.simulatedHardware ? { simulatedHardware: options.simulatedHardware } : {}),
    log,
  });
  let code = 0;
  try {
    if (options.electron) {
      const file = devnet.descriptorFile;
      log(`desktop app: starting; it joins the devnet through ${file}`);
      if (!stop.received) {
        const abort = new AbortController();
        void stop.requested.then(() => abort.abort());
        code = await runElectron(options.electron, { PLEXAI_DEVNET: file }, abort.signal);
      }
    } else {
      // A devnet started with the headless miner always serves its UI.
      announceHeadless(log, options.appVersion, options.dataDir, devnet.uiUrl!);
      await stop.requested;
    }
  } finally {
    await devnet.stop();
    log('devnet: stopped');
  }
  return code;
}
