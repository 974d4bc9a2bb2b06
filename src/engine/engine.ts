import { API_VERSION, type AppInfo, type AppState, type HardwareState, type PlexApi } from '../common/api';
import { PlexError } from '../common/errors';
import type { HardwareReport } from '../common/hardware';
import { DisposableStore, Emitter, toDisposable, type Disposable } from '../common/lifecycle';
import { detectHardware, readVendorTools, withFreshReadings } from './gpu/detect';
import type { HardwareProbe } from './gpu/probe';
import type { SettingsStore } from './store/settings-store';

export interface EngineConfig {
  appVersion: string;
  transport: AppInfo['transport'];
  /** How often live GPU readings are refreshed while a vendor tool provides them. */
  readingsIntervalMs?: number;
}

export interface EngineServices {
  probe: HardwareProbe;
  settings: SettingsStore;
  now?: () => Date;
}

/** The miner behind both transports: owns the state, implements PlexApi, and reports every change. */
export class Engine implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly stateEmitter = this.disposables.add(new Emitter<AppState>());
  readonly onDidChangeState = this.stateEmitter.event;
  readonly api: PlexApi;

  private hardware: HardwareState = { status: 'detecting' };
  private detection: Promise<HardwareReport> | null = null;
  private readonly app: AppInfo;
  private readonly now: () => Date;

  constructor(
    private readonly config: EngineConfig,
    private readonly services: EngineServices,
  ) {
    this.app = { name: 'PlexAi Miner', version: config.appVersion, apiVersion: API_VERSION, transport: config.transport };
    this.now = services.now ?? (() => new Date());
    this.api = {
      getState: async () => this.state(),
      refreshHardware: () => this.detect(),
      updateSettings: async (patch) => {
        const settings = await services.settings.update(patch);
        this.emit();
        return settings;
      },
    };
  }

  /** Begins hardware detection and, where a vendor tool exists, the live readings. */
  start(): void {
    this.detect().catch(() => undefined);
    const interval = setInterval(() => void this.refreshReadings(), this.config.readingsIntervalMs ?? 5000);
    interval.unref?.();
    this.disposables.add(toDisposable(() => clearInterval(interval)));
  }

  state(): AppState {
    return { app: this.app, hardware: this.hardware, settings: this.services.settings.get() };
  }

  private emit(): void {
    this.stateEmitter.fire(this.state());
  }

  /** Concurrent callers share one detection run. */
  private detect(): Promise<HardwareReport> {
    this.detection ??= (async () => {
      this.hardware = { status: 'detecting' };
      this.emit();
      try {
        const report = await detectHardware(this.services.probe, this.now);
        this.hardware = { status: 'ready', report };
        return report;
      } catch (error) {
        const message = `Hardware detection failed: ${(error as Error).message}`;
        this.hardware = { status: 'failed', error: message };
        throw new PlexError('HARDWARE_DETECTION_FAILED', message);
      } finally {
        this.detection = null;
        this.emit();
      }
    })();
    return this.detection;
  }

  private async refreshReadings(): Promise<void> {
    const current = this.hardware;
    if (current.status !== 'ready' || !current.report.gpus.some((gpu) => gpu.readings)) return;
    const { devices } = await readVendorTools(this.services.probe);
    if (this.hardware !== current) return;
    this.hardware = { status: 'ready', report: withFreshReadings(current.report, devices, this.now().toISOString()) };
    this.emit();
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
