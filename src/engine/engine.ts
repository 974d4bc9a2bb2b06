import {
  API_VERSION,
  initialMiningState,
  noWalletState,
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
import type { FullScreenSource } from './idle/full-screen';
import type { IdleTimeSource, SystemSignalSource } from './idle/signals';
import { tunedBatchSize } from './pool/batches';
import { memoryBudgetBytes } from './pool/memory-budget';
import { WorkerPool, type ModelProvider, type PoolDevice } from './pool/pool';
import { readBundledIndex, readBundledModel } from './tasks/bundled-models';
import { TaskFailure } from './tasks/failure';
import type { SettingsStore } from './store/settings-store';
import type { TaskHistory } from './store/task-history';
import { gpuBackendOrder } from './compute/backend-ranking';
import { protocolBackend, refusalReason, taskOfAssignment, tensorOf } from './network/assignment';
import { NetworkClient, type AssignmentRunner, type NetworkClientConfig, type RunOutcome } from './network/client';
import type { Outbox } from './network/outbox';
import type { Assignment, Capabilities } from '../common/protocol';
import type { Wallet } from 'ethers';
import type { DesktopIntegration } from './desktop';
import type { WalletService } from './wallet/service';
import { StakingService, type StakingConfig } from './staking/service';
import { noStakingStatus } from '../common/staking';
import { EarningsService, type EarningsConfig } from './earnings/service';
import { noEarningsState } from '../common/earnings';
import { TransactionsService } from './transactions/service';

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
  /** How long a pause lasts before the workers are shut down to free their memory. */
  releaseWorkersAfterMs?: number;
  /** The bundled models (resources/models), which the benchmark runs. */
  modelsDir?: string;
  /** The chain and PlexAi contracts staking uses; absent where their addresses are not known (mainnet, testnet for now). */
  staking?: StakingConfig;
  /** Where mining rewards are read and claimed (the devnet's coordinator and contracts); absent where not known yet. */
  earnings?: EarningsConfig;
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
    /** Whether a program runs full screen; absent where nothing can tell. */
    fullScreen?: FullScreenSource;
    benchmarks: { load(): Promise<BenchmarkResult[]>; save(results: BenchmarkResult[]): Promise<void> };
    history: TaskHistory;
    /** Learns where a leased model can be downloaded when no cache or bundle has it. */
    modelUrls?: { remember(sha256: string, url: string, bytes: number): void };
  };
  /** The desktop app's self-update and login item; absent on the headless host. */
  desktop?: DesktopIntegration;
  /** The owner's wallet (WalletConnect, or the devnet's dev key); absent where none is configured. */
  wallet?: WalletService;
}

/** Leases kept per live worker: one running, one waiting, so a worker never idles between tasks. */
const LEASES_PER_WORKER = 2;

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
  private benchmarkAbort: AbortController | null = null;
  private emitTimer: ReturnType<typeof setTimeout> | null = null;
  private releaseTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly capacityEmitter = this.disposables.add(new Emitter<void>());
  private inFlight = 0;
  private network: NetworkClient | null = null;
  private networkArgs: Parameters<Engine['connectNetwork']> | null = null;
  private wallet: WalletService | null = null;
  private readonly staking: StakingService | null = null;
  private readonly earnings: EarningsService | null = null;
  private readonly transactions: TransactionsService | null = null;

  /** The engine as the network client's runner: pool capacity, the idle gate, and task outcomes. */
  readonly runner: AssignmentRunner = {
    run: (assignment) => this.runAssignment(assignment),
    capacity: () => {
      if (!this.pool || this.mining.mode.kind === 'paused') return 0;
      const live = this.pool.workers().filter((w) => w.status === 'idle' || w.status === 'busy').length;
      return Math.max(0, live * LEASES_PER_WORKER - this.inFlight);
    },
    paused: () => this.mining.mode.kind === 'paused',
    onDidChangeCapacity: this.capacityEmitter.event,
  };

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
      cancelBenchmark: async () => {
        this.benchmarkAbort?.abort();
        await this.benchmarking?.catch(() => undefined);
        return this.mining.benchmark;
      },
      getTaskHistory: async ({ limit }) => this.requireCompute().compute.history.recent(limit),
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
      connectWallet: () => this.requireWallet().connect(),
      disconnectWallet: () => this.requireWallet().disconnect(),
      useDevWallet: () => this.requireWallet().useDevWallet(),
      getStaking: () => this.requireStaking().overview(),
      stake: ({ optionId, amount }) => this.requireStaking().stake(optionId, amount),
      claimStakingReward: ({ positionId }) => this.requireStaking().claim(positionId),
      estimateStakingClaim: () => this.requireStaking().estimateClaimAll(),
      claimAllStakingRewards: () => this.requireStaking().claimAll(),
      unstake: ({ positionId }) => this.requireStaking().unstake(positionId),
      refreshEarnings: () => this.requireEarnings().refresh(),
      estimateMiningClaim: () => this.requireEarnings().estimateClaim(),
      claimMiningRewards: () => this.requireEarnings().claim(),
      getTransactions: ({ limit }) => this.requireTransactions().feed(limit),
    };
    if (services.desktop) this.disposables.add(services.desktop.onDidChangeUpdate(() => this.emit()));
    if (config.earnings) {
      const earnings = this.disposables.add(new EarningsService(config.earnings, { signer: () => this.wallet?.signer() ?? null }));
      this.earnings = earnings;
      this.disposables.add(earnings.onDidChange(() => this.emit()));
      earnings.start();
    }
    if (config.staking) {
      const staking = this.disposables.add(new StakingService(config.staking, { signer: () => this.wallet?.signer() ?? null }));
      this.staking = staking;
      this.disposables.add(
        staking.onDidChange((status) => {
          // A confirmed stake, claim or unstake moved PLEXAI in or out of the wallet: the balance follows at once.
          if (status.activity?.step === 'confirmed') void this.earnings?.refresh().catch(() => undefined);
          this.emit();
        }),
      );
      // The feed reads the same chain and contracts' events.
      this.transactions = this.disposables.add(new TransactionsService(config.staking, { signer: () => this.wallet?.signer() ?? null }));
    }
    if (services.wallet) this.followWallet(services.wallet);
    const compute = services.compute;
    if (compute) {
      this.idle = this.disposables.add(
        new IdleController(config.idle ?? defaultIdleConfig, {
          idleTime: compute.idleTime,
          system: compute.system,
          settings: () => services.settings.get(),
          gpu: () => this.gpuSignals(),
          ...(compute.fullScreen ? { fullScreen: compute.fullScreen } : {}),
          now: this.now,
        }),
      );
      this.mining = { ...this.mining, fullScreenUnsupported: this.idle.fullScreenUnsupported() };
      this.disposables.add(
        this.idle.onDidChangeFullScreenSupport((fullScreenUnsupported) => {
          this.mining = { ...this.mining, fullScreenUnsupported };
          this.emit();
        }),
      );
      this.disposables.add(
        this.idle.onDidChange((mode) => {
          this.mining = { ...this.mining, mode };
          this.onModeChange(mode);
          this.emit();
          this.capacityEmitter.fire();
        }),
      );
      this.disposables.add(toDisposable(() => this.pool?.dispose()));
      this.disposables.add(toDisposable(() => this.releaseTimer && clearTimeout(this.releaseTimer)));
    }
    this.disposables.add(toDisposable(() => this.emitTimer && clearTimeout(this.emitTimer)));
    // connectNetwork replaces the client on each wallet switch: whichever is live is disposed here,
    // once (added last, so disposed first: before the emit timer its last status may set is cleared).
    this.disposables.add(toDisposable(() => this.network?.dispose()));
  }

  private requireEarnings(): EarningsService {
    if (!this.earnings) throw new PlexError('NOT_SUPPORTED', noEarningsState.unavailableReason!);
    return this.earnings;
  }

  private requireStaking(): StakingService {
    if (!this.staking) throw new PlexError('STAKING_UNAVAILABLE', noStakingStatus.unavailableReason!);
    return this.staking;
  }

  private requireTransactions(): TransactionsService {
    if (!this.transactions) throw new PlexError('STAKING_UNAVAILABLE', noStakingStatus.unavailableReason!);
    return this.transactions;
  }

  private requireWallet(): WalletService {
    if (!this.wallet) throw new PlexError('WALLET_UNAVAILABLE', noWalletState.unavailableReason!);
    return this.wallet;
  }

  /**
   * Follows the owner's wallet, which the engine owns: a network it joins is paid to whichever
   * wallet is connected, so when that changes the node says hello again to bind it.
   */
  private followWallet(wallet: WalletService): void {
    this.wallet = wallet;
    this.disposables.add(wallet);
    // Its creator knew the network's defaults; the owner's saved relay and project id decide.
    void wallet.configure(this.services.settings.get());
    let bound = wallet.signer()?.address ?? null;
    this.earnings?.walletChanged();
    this.disposables.add(
      wallet.onDidChange(() => {
        const address = wallet.signer()?.address ?? null;
        if (address !== bound && address !== null && this.networkArgs) this.connectNetwork(...this.networkArgs);
        if (address !== bound) this.staking?.invalidate();
        this.earnings?.walletChanged();
        bound = address;
        this.emit();
      }),
    );
  }

  private requireCompute() {
    if (!this.services.compute || !this.idle) throw new PlexError('INTERNAL_ERROR', 'This engine was started without compute');
    return { compute: this.services.compute, idle: this.idle };
  }

  /** Supported GPUs the owner has not switched off: what the pool mines on and the coordinator is told of. */
  private enabledGpus() {
    if (this.hardware.status !== 'ready') return [];
    const disabled = this.services.settings.get().disabledGpuIds;
    return this.hardware.report.gpus.filter((gpu) => gpu.verdict.supported && !disabled.includes(gpu.id));
  }

  /** The pool's devices: enabled supported GPUs, plus the CPU workers when CPU mode is on. */
  private devices(): PoolDevice[] {
    const settings = this.services.settings.get();
    const report = this.hardware.status === 'ready' ? this.hardware.report : null;
    const gpuOrder = this.gpuBackendOrder();
    const devices: PoolDevice[] = this.enabledGpus().map((gpu) => ({
      id: gpu.id,
      backendOrder: gpuOrder,
      memoryBudgetBytes: memoryBudgetBytes({ kind: 'gpu', vramMB: gpu.vramMB }),
    }));
    if (settings.cpuMode) {
      const cpuWorkers = this.config.cpuWorkers ?? Math.max(1, (report?.cpu.cores ?? 2) - 1);
      const budget = memoryBudgetBytes({ kind: 'cpu', systemMemoryMB: report?.memoryMB ?? 0, cpuWorkers });
      for (let i = 0; i < cpuWorkers; i++) devices.push({ id: 'cpu', backendOrder: this.config.cpuBackends ?? ['tensorflow', 'wasm', 'cpu'], memoryBudgetBytes: budget });
    }
    return devices;
  }

  /** The latest benchmark's results; empty before one has run. */
  private benchmarkResults(): BenchmarkResult[] {
    return this.mining.benchmark.status === 'done' ? this.mining.benchmark.results : [];
  }

  /** Measured speed picks a GPU's backend where more than one may run it (CUDA, WebGPU in the desktop app). */
  private gpuBackendOrder(): BackendName[] {
    const results = this.benchmarkResults();
    return gpuBackendOrder(this.config.gpuBackends ?? ['tensorflow-gpu'], results);
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

  /** Starts the workers if they are not running; false when there is no device to mine with. */
  private ensurePool(): boolean {
    const { compute, idle } = this.requireCompute();
    if (this.pool) return true;
    const devices = this.devices();
    if (devices.length === 0) return false;
    const pool = new WorkerPool(
      { devices, maxModels: 4, lowPriority: true, maxLeakedTensors: 1000, restartDelayMs: 500 },
      {
        spawner: compute.spawner,
        models: compute.models,
        gate: idle,
        clock: this.now,
        batchSize: (task, backend) => tunedBatchSize(this.benchmarkResults(), task.modelName, backend),
      },
    );
    this.pool = pool;
    pool.onDidChangeWorkers((workers) => {
      if (this.pool !== pool) return;
      this.mining = { ...this.mining, workers };
      this.emitSoon();
      this.capacityEmitter.fire();
    });
    this.mining = { ...this.mining, workers: pool.workers() };
    return true;
  }

  private releasePool(): void {
    this.pool?.dispose();
    this.pool = null;
    this.mining = { ...this.mining, workers: [] };
  }

  /**
   * A long pause gives the workers' memory back (TF.js and its backend hold tens of MB each);
   * they start again, in about a second, when work may resume.
   */
  private onModeChange(mode: MiningState['mode']): void {
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    this.releaseTimer = null;
    if (!this.mining.running) return;
    if (mode.kind !== 'paused') {
      this.ensurePool();
      return;
    }
    const release = () => {
      this.releaseTimer = null;
      if (this.mining.mode.kind !== 'paused' || !this.pool) return;
      if (!this.pool.isIdle()) {
        this.releaseTimer = setTimeout(release, 1000);
        return;
      }
      this.releasePool();
      this.emit();
    };
    this.releaseTimer = setTimeout(release, this.config.releaseWorkersAfterMs ?? 30_000);
  }

  private async startMining(): Promise<MiningState> {
    const { idle } = this.requireCompute();
    if (this.hardware.status === 'detecting') await this.detect().catch(() => undefined);
    if (!this.ensurePool()) {
      this.mining = { ...this.mining, running: false, mode: { kind: 'paused', reason: 'no-device' } };
      this.emit();
      return this.mining;
    }
    this.mining = { ...this.mining, running: true };
    await idle.setRunning(true);
    this.onModeChange(this.mining.mode);
    // A flag that did not reach the disk costs one more look at Get started, not the start itself.
    if (!this.services.settings.get().onboarded) await this.services.settings.update({ onboarded: true }).catch(() => undefined);
    this.emit();
    return this.mining;
  }

  private async stopMining(): Promise<MiningState> {
    const { idle } = this.requireCompute();
    this.releasePool();
    this.mining = { ...this.mining, running: false };
    await idle.setRunning(false);
    this.emit();
    return this.mining;
  }

  private async runAssignment(assignment: Assignment): Promise<RunOutcome> {
    let task;
    try {
      task = taskOfAssignment(assignment);
    } catch (error) {
      const code = error instanceof TaskFailure ? error.code : 'malformed-task';
      return { ok: false, reason: refusalReason[code], message: (error as Error).message };
    }
    if (!this.pool) return { ok: false, reason: 'internal', message: 'mining is stopped' };
    if (assignment.model.url) this.services.compute?.modelUrls?.remember(task.model, assignment.model.url, assignment.model.bytes);
    this.inFlight++;
    try {
      const outcome = await this.pool.run(task);
      if (!outcome.ok) return { ok: false, reason: refusalReason[outcome.code], message: outcome.message };
      const output = outcome.outputs[0];
      if (!output) return { ok: false, reason: 'internal', message: 'the model produced no output' };
      if (!output.data.every(Number.isFinite)) return { ok: false, reason: 'non-finite-output', message: 'the model produced NaN or infinite values' };
      return { ok: true, output: tensorOf(output), durationMs: outcome.runMs, backend: protocolBackend[outcome.backend] };
    } finally {
      this.inFlight--;
      this.capacityEmitter.fire();
    }
  }

  /** What the coordinator matches on: the best measured backend and the devices in the pool. */
  private capabilities(): Capabilities {
    const results = this.benchmarkResults();
    const best = [...results].sort((a, b) => b.matmulGflops - a.matmulGflops)[0];
    const enabled = this.enabledGpus();
    const workers = this.pool?.workers().length ?? 0;
    const backends = [...new Set(results.map((r) => protocolBackend[r.backend.backend]))];
    return {
      gpus: enabled.slice(0, 16).map((g) => ({ model: g.model.slice(0, 128), vramMB: g.vramMB ?? 0, backend: protocolBackend[this.gpuBackendOrder()[0]!] })),
      backends: backends.length ? backends : ['cpu'],
      gflops: best?.matmulGflops ?? 0,
      // One tuned batch per batchMs: a floor for any task up to a batch's samples, which the pool
      // runs as one batch. The node cannot know how many samples a model's tasks carry; bigger ones
      // run as several batches, and the coordinator's deadline also allows for their FLOPs.
      tasksPerSecond: Object.fromEntries((best?.models ?? []).map((m) => [m.model, m.samplesPerSecond / m.batchSize])),
      vramMB: Math.max(0, ...enabled.map((g) => g.vramMB ?? 0)),
      region: 'local',
      maxConcurrent: Math.max(1, Math.min(256, workers * LEASES_PER_WORKER)),
    };
  }

  /**
   * Joins the network: the client leases work for the pool while mining runs and the idle policy
   * allows, and keeps finished results in the outbox until acknowledged.
   */
  connectNetwork(
    config: Pick<NetworkClientConfig, 'url'> & Partial<NetworkClientConfig>,
    services: { identity: Wallet; payout(): Promise<{ address: string; signature: string }>; outbox: Outbox },
  ): void {
    const { compute } = this.requireCompute();
    this.network?.dispose();
    this.networkArgs = [config, services];
    const client = new NetworkClient(
      { clientVersion: this.config.appVersion, backoff: { baseMs: 1000, capMs: 60_000 }, submitBatchMs: 20, ...config },
      { ...services, capabilities: () => this.capabilities(), runner: this.runner },
    );
    this.network = client;
    const sync = () => {
      const status = client.current();
      const network = status.status === 'stopped' ? ({ status: 'off' } as const) : status;
      this.mining = { ...this.mining, network, tasks: { ...this.mining.tasks, awaitingAck: services.outbox.pending().length } };
      this.emitSoon();
    };
    client.onDidChangeStatus(sync);
    client.onDidSettle((settled) => {
      const tasks = { ...this.mining.tasks };
      if (settled.kind === 'refusal') tasks.refused++;
      else tasks[settled.status]++;
      this.mining = { ...this.mining, tasks };
      void compute.history.append({ at: this.now().toISOString(), ...settled });
      sync();
    });
    client.start();
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
      const previous = this.benchmarkResults();
      const abort = new AbortController();
      this.benchmarkAbort = abort;
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
          abort.signal,
        );
        await compute.benchmarks.save(results);
        this.mining = { ...this.mining, benchmark: { status: 'done', results } };
        return results;
      } catch (error) {
        if (abort.signal.aborted) {
          // Stopped by the owner, nothing failed: the results it would have replaced still stand.
          this.mining = { ...this.mining, benchmark: previous.length ? { status: 'done', results: previous } : { status: 'cancelled' } };
          return previous;
        }
        this.mining = { ...this.mining, benchmark: { status: 'failed', error: (error as Error).message, previous } };
        throw new PlexError('INTERNAL_ERROR', `Benchmark failed: ${(error as Error).message}`);
      } finally {
        this.benchmarkAbort = null;
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
    if (keys.some((k) => k === 'walletConnectRelayUrl' || k === 'walletConnectProjectId')) {
      await this.wallet?.configure(this.services.settings.get());
    }
    // Devices follow CPU mode and the per-GPU switches: a running pool is rebuilt to match.
    if (this.pool && keys.some((k) => k === 'cpuMode' || k === 'disabledGpuIds')) {
      this.releasePool();
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
      wallet: this.wallet?.state ?? noWalletState,
      staking: this.staking?.status ?? noStakingStatus,
      earnings: this.earnings?.state ?? noEarningsState,
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
