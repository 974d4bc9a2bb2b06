import { BrowserWindow, MessageChannelMain, type MessagePortMain } from 'electron';
import { HostedWorker, type ComputeWorker, type WorkerSpawner } from '../../src/engine/compute/spawner';
import type { SetupMessage } from '../../src/engine/compute/worker-port';
import type { FromWorker, ToWorker, WorkerSetup } from '../../src/engine/compute/worker-protocol';
import { PORT_CHANNEL } from './webgpu-page/port-message';

/**
 * Compute workers in a hidden, sandboxed window, where Chromium's WebGPU reaches the GPUs that
 * TF.js's CUDA build cannot (AMD, Intel, Apple). The page runs the same worker body as a thread;
 * it is data-only work, with no network and a CSP that allows its own script alone.
 */
export class WebGpuWindowSpawner implements WorkerSpawner {
  constructor(private readonly page: { html: string; preload: string }) {}

  spawn(setup: WorkerSetup): ComputeWorker {
    const window = new BrowserWindow({
      show: false,
      webPreferences: {
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        preload: this.page.preload,
        // Hidden windows are throttled by default, which would stall work between frames.
        backgroundThrottling: false,
      },
    });
    const { port1, port2 } = new MessageChannelMain();
    const worker = new WindowWorker(window, port1, setup);
    window.webContents.once('did-finish-load', () => window.webContents.postMessage(PORT_CHANNEL, null, [port2]));
    void window.loadFile(this.page.html).catch((error: Error) => worker.fail(`the compute window did not load: ${error.message}`));
    return worker;
  }
}

class WindowWorker extends HostedWorker {
  constructor(
    private readonly window: BrowserWindow,
    private readonly port: MessagePortMain,
    setup: WorkerSetup,
  ) {
    super();
    port.on('message', ({ data }) => this.received(data as FromWorker));
    // Messages wait in the port until the page takes its end, so the setup goes first whenever that is.
    const first: SetupMessage = { type: 'setup', setup };
    port.postMessage(first);
    port.start();
    window.webContents.on('render-process-gone', (_event, details) => this.fail(`the compute window's process ended: ${details.reason}`));
    window.on('closed', () => this.fail('the compute window was closed'));
  }

  post(message: ToWorker): void {
    this.port.postMessage(message);
  }

  /** The window died or never loaded: the pool hears it, and what is left of the window goes. */
  fail(reason: string): void {
    this.exited(reason);
    this.release();
  }

  protected release(): void {
    this.port.close();
    if (!this.window.isDestroyed()) this.window.destroy();
  }
}
