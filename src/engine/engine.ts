import {
  API_VERSION,
  initialMiningState,
  type AppInfo,
  type AppState,
  type BackendName,
  type BenchmarkResult,
  type HardwareState,
  type MiningState,
  type PlexApi,
} from '../common/api';
import { PlexError } from '../common/errors';
import type { HardwareReport } from '../common/hardware';
import { DisposableStore, Emitter, toDisposable, type Disposable } from '../common/lifecycle';
import { defaultBenchmarkOptions, runBenchmark } from './benchmark/benchmark';
import type { WorkerSpawner } from './compute/spawner';
import { detectHardware, readVendorTools, withFreshReadings } from './gpu/detect';
import type { HardwareProbe } from './gpu/probe';
import { IdleController, defaultIdleConfig, type IdleControllerConfig } from './idle/controller';
import type { IdleTimeSource, SystemSignalSource } from './idle/signals';
import { WorkerPool, type ModelProvider, type PoolDevice, type TaskOutcome } from './pool/pool';
import { readBundledIndex, readBundledModel } from './tasks/bundled-models';
import { TaskFailure } from './tasks/failure';
import { decodeTask } from './tasks/task';
import type { SettingsStore } from './store/settings-store';
import type { DesktopIntegration } from './desktop';

export interface EngineConfig {
  appVersion: string;
  transport: AppInfo['transport'];
  /** How often live GPU readings are refreshed while a vendor tool provides them. */
  readingsIntervalMs?: number;
  /** CPU workers when CPU mode is on; one per core minus one leaves the owner a core. */
  cpuWorkers?: number;
  idle?: IdleControllerConfig;
  /** Backends a GPU worker tries under this transport (CUDA under Node; WebGPU in Electron). */
  gpuBackends?: BackendName[];
  cpuBackends?: BackendName[];
  /** Backends the benchmark measures, each alone. */
  benchmarkBackends?: BackendName[];
  /** The bundled models (resources/models), which the benchmark runs. */
  modelsDir?: string;
}

export interface EngineServices {
  probe: HardwareProbe;
  settings: SettingsStore;
  now?: () => Date;
  /** What compute needs; without them the engine reports hardware and settings only. */
  compute?: {
    spawner: WorkerSpawner;
    models: ModelProvider;
    idleTime: IdleTimeSource;
    system: SystemSignalSource;
    benchmarks: { load(): Promise<BenchmarkResult[]>; save(results: BenchmarkResult[]): Promise<void> };
  };
  /** The desktop app's self-update and login item; absent on the headless host. */
  desktop?: DesktopIntegration;
}

/** How long state changes from busy workers are gathered before one state event goes out. */
const WORKER_EVENT_COALESCE_MS = 250;

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
  private mining: MiningState = initialMiningState;
  private readonly idle: IdleController | null = null;
  private pool: WorkerPool | null = null;
  private benchmarking: Promise<BenchmarkResult[]> | null = null;
  private emitTimer: ReturnType<typeof setTimeout> | null = null;

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
        if (!services.desktop && patch.startAtLogin) {
          throw new PlexError(
            'NOT_SUPPORTED',
            'Start at login is a desktop-app setting; a headless miner starts with the system through its service manager (for example a systemd unit).',
          );
        }
        const settings = await services.settings.update(patch);
        await this.afterSettingsChange(Object.keys(patch));
        return settings;
      },
      startMining: () => this.startMining(),
      stopMining: () => this.stopMining(),
      runBenchmark: () => this.benchmark(),
      snooze: async ({ minutes }) => {
        const until = new Date(this.now().getTime() + minutes * 60_000).toISOString();
        const settings = await services.settings.update({ snoozeUntil: until });
        await this.afterSettingsChange(['snoozeUntil']);
        return settings;
      },
      restartToUpdate: async ({ consent }) => {
        if (!services.desktop) {
          throw new PlexError('NOT_SUPPORTED', 'This miner runs headless: it is updated by whoever installed it, not by itself.');
        }
        const taskRunning = this.mining.workers.some((worker) => worker.status === 'busy');
        return services.desktop.restartToUpdate({ taskRunning, ownerConsented: consent });
      },
    };
    if (services.desktop) this.disposables.add(services.desktop.onDidChangeUpdate(() => this.emit()));
    const compute = services.compute;
    if (compute) {
      this.idle = this.disposables.add(
        new IdleController(config.idle ?? defaultIdleConfig, {
          idleTime: compute.idleTime,
          system: compute.system,
          settings: () => services.settings.get(),
          gpu: () => this.gpuSignals(),
          now: this.now,
        }),
      );
      this.disposables.add(
        this.idle.onDidChange((mode) => {
          this.mining = { ...this.mining, mode };
          this.emit();
        }),
      );
      this.disposables.add(toDisposable(() => this.pool?.dispose()));
    }
    this.disposables.add(toDisposable(() => this.emitTimer && clearTimeout(this.emitTimer)));
  }

  private requireCompute() {
    if (!this.services.compute || !this.idle) throw new PlexError('INTERNAL_ERROR', 'This engine was started without compute');
    return { compute: this.services.compute, idle: this.idle };
  }

  /** The pool's devices: enabled supported GPUs, plus the CPU workers when CPU mode is on. */
  private devices(): PoolDevice[] {
    const settings = this.services.settings.get();
    const report = this.hardware.status === 'ready' ? this.hardware.report : null;
    const gpus = (report?.gpus ?? []).filter((gpu) => gpu.verdict.supported && !settings.disabledGpuIds.includes(gpu.id));
    const devices: PoolDevice[] = gpus.map((gpu) => ({ id: gpu.id, backendOrder: this.config.gpuBackends ?? ['tensorflow-gpu'] }));
    if (settings.cpuMode) {
      const count = this.config.cpuWorkers ?? Math.max(1, (report?.cpu.cores ?? 2) - 1);
      for (let i = 0; i < count; i++) devices.push({ id: 'cpu', backendOrder: this.config.cpuBackends ?? ['tensorflow', 'wasm', 'cpu'] });
    }
    return devices;
  }

  private gpuSignals(): { temperatureC: number | null; otherLoadPercent: number | null } {
    if (this.hardware.status !== 'ready') return { temperatureC: null, otherLoadPercent: null };
    const disabled = this.services.settings.get().disabledGpuIds;
    const readings = this.hardware.report.gpus.filter((g) => !disabled.includes(g.id)).map((g) => g.readings);
    const temperatures = readings.map((r) => r?.temperatureC).filter((t): t is number => typeof t === 'number');
    // While our own work runs, the vendor tool's utilisation is mostly ours: only read it as
    // another program's load before work starts.
    const loads = this.mining.mode.kind === 'paused' ? readings.map((r) => r?.utilizationPercent).filter((u): u is number => typeof u === 'number') : [];
    return { temperatureC: temperatures.length ? Math.max(...temperatures) : null, otherLoadPercent: loads.length ? Math.max(...loads) : null };
  }

  private async startMining(): Promise<MiningState> {
    const { compute, idle } = this.requireCompute();
    if (this.hardware.status === 'detecting') await this.detect().catch(() => undefined);
    if (!this.pool) {
      const devices = this.devices();
      if (devices.length === 0) {
        this.mining = { ...this.mining, running: false, mode: { kind: 'paused', reason: 'no-device' } };
        this.emit();
        return this.mining;
      }
      this.pool = new WorkerPool(
        { devices, maxModels: 4, memoryBudgetBytes: 512 * 2 ** 20, lowPriority: true, maxLeakedTensors: 1000, restartDelayMs: 500 },
        { spawner: compute.spawner, models: compute.models, gate: idle },
      );
      this.pool.onDidChangeWorkers((workers) => {
        this.mining = { ...this.mining, workers };
        this.emitSoon();
      });
      this.mining = { ...this.mining, workers: this.pool.workers() };
    }
    this.mining = { ...this.mining, running: true };
    await idle.setRunning(true);
    this.emit();
    return this.mining;
  }

  private async stopMining(): Promise<MiningState> {
    const { idle } = this.requireCompute();
    this.pool?.dispose();
    this.pool = null;
    this.mining = { ...this.mining, running: false, workers: [] };
    await idle.setRunning(false);
    this.emit();
    return this.mining;
  }

  /**
   * Runs one task from the network (or the devnet) through validation and the pool. Never throws:
   * a malformed task comes back as a refusal with its reason.
   */
  async runTask(raw: unknown): Promise<TaskOutcome> {
    const taskId = typeof (raw as { id?: unknown } | null)?.id === 'string' ? (raw as { id: string }).id : '(no id)';
    try {
      const task = decodeTask(raw);
      if (!this.pool) return { ok: false, taskId, code: 'cancelled', message: 'mining is stopped' };
      return await this.pool.run(task);
    } catch (error) {
      const failure = error instanceof TaskFailure ? error : new TaskFailure('malformed-task', (error as Error).message);
      return { ok: false, taskId, code: failure.code, message: failure.message };
    }
  }

  /** Loads the benchmark results kept from an earlier run. */
  async loadBenchmarks(): Promise<void> {
    const results = await this.services.compute?.benchmarks.load();
    if (results?.length) {
      this.mining = { ...this.mining, benchmark: { status: 'done', results } };
      this.emit();
    }
  }

  /** Concurrent callers share one run; progress goes out as state events. */
  private benchmark(): Promise<BenchmarkResult[]> {
    const { compute } = this.requireCompute();
    this.benchmarking ??= (async () => {
      const previous = this.mining.benchmark.status === 'done' ? this.mining.benchmark.results : [];
      this.mining = { ...this.mining, benchmark: { status: 'running', progress: 0, step: 'loading models' } };
      this.emit();
      try {
        const index = await readBundledIndex(this.config.modelsDir);
        const models = await Promise.all(index.map(async (info) => ({ info, bytes: await readBundledModel(info.name, this.config.modelsDir) })));
        const results = await runBenchmark(
          compute.spawner,
          { ...defaultBenchmarkOptions, backends: this.config.benchmarkBackends ?? ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'], models },
          (progress, step) => {
            this.mining = { ...this.mining, benchmark: { status: 'running', progress, step } };
            this.emitSoon();
          },
        );
        await compute.benchmarks.save(results);
        this.mining = { ...this.mining, benchmark: { status: 'done', results } };
        return results;
      } catch (error) {
        this.mining = { ...this.mining, benchmark: { status: 'failed', error: (error as Error).message, previous } };
        throw new PlexError('INTERNAL_ERROR', `Benchmark failed: ${(error as Error).message}`);
      } finally {
        this.benchmarking = null;
        this.emit();
      }
    })();
    return this.benchmarking;
  }

  private async afterSettingsChange(keys: string[]): Promise<void> {
    if (keys.some((k) => k === 'startAtLogin' || k === 'updateChannel')) {
      await this.services.desktop?.applySettings(this.services.settings.get());
    }
    // Devices follow CPU mode and the per-GPU switches: a running pool is rebuilt to match.
    if (this.pool && keys.some((k) => k === 'cpuMode' || k === 'disabledGpuIds')) {
      this.pool.dispose();
      this.pool = null;
      await this.startMining();
    }
    await this.idle?.evaluate();
    this.emit();
  }

  /** Begins hardware detection and, where a vendor tool exists, the live readings. */
  start(): void {
    this.detect().catch(() => undefined);
    const interval = setInterval(() => void this.refreshReadings(), this.config.readingsIntervalMs ?? 5000);
    interval.unref?.();
    this.disposables.add(toDisposable(() => clearInterval(interval)));
  }

  state(): AppState {
    return {
      app: this.app,
      hardware: this.hardware,
      settings: this.services.settings.get(),
      mining: this.mining,
      update: this.services.desktop?.updateStatus ?? null,
    };
  }

  private emit(): void {
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.emitTimer = null;
    this.stateEmitter.fire(this.state());
  }

  /** For high-rate changes (worker counters, benchmark progress): at most one event per interval. */
  private emitSoon(): void {
    this.emitTimer ??= setTimeout(() => this.emit(), WORKER_EVENT_COALESCE_MS);
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
