import { join } from 'node:path';
import { z } from 'zod';
import { BenchmarkResultSchema, type AppInfo, type BenchmarkResult } from '../common/api';
import { NODE_BACKEND_ORDER } from './compute/backend';
import { ThreadSpawner, type WorkerSpawner } from './compute/spawner';
import type { DesktopIntegration } from './desktop';
import { Engine } from './engine';
import type { HardwareProbe } from './gpu/probe';
import { SimulatedHardwareProbe } from './gpu/simulated-probe';
import { SystemHardwareProbe } from './gpu/system-probe';
import { fullScreenSourceFor, type FullScreenSource } from './idle/full-screen';
import { LinuxIdleTime, LinuxSystemSignals, commandRunner, withPowerSource, type IdleTimeSource, type PowerSource, type SystemSignalSource } from './idle/signals';
import { readJsonFile, writeJsonFile } from './store/json-file';
import { SettingsStore } from './store/settings-store';
import { TaskHistory } from './store/task-history';
import type { WalletService } from './wallet/service';
import type { EarningsConfig } from './earnings/service';
import type { StakingConfig } from './staking/service';
import { BundledModelSource, ModelCache } from './tasks/model-cache';
import { UrlModelSource } from './tasks/url-model-source';

export interface CreateEngineOptions {
  dataDir: string;
  appVersion: string;
  transport: AppInfo['transport'];
  /** A JSON file describing simulated hardware, in place of this machine's (demos and tests). */
  simulatedHardware?: string;
  /** Electron passes powerMonitor's idle time and a utilityProcess spawner; Node uses its own. */
  idleTime?: IdleTimeSource;
  /** Battery, other processes' CPU load, running programs; tests on a shared machine pass a quiet one. */
  system?: SystemSignalSource;
  /** The platform's battery state where /sys has none (Electron's powerMonitor on Windows and macOS). */
  power?: PowerSource;
  /** Whether a program runs full screen; this platform's own detection when absent. */
  fullScreen?: FullScreenSource;
  spawner?: WorkerSpawner;
  /** The spawner can host WebGPU workers (the desktop app's compute window): GPUs then use it where it measures faster. */
  webgpu?: boolean;
  /** The bundled models; a packaged app keeps them under its resources path. */
  modelsDir?: string;
  /** Electron's self-update and login item. */
  desktop?: DesktopIntegration;
  /** The owner's wallet (the devnet passes one with its dev key and local relay). */
  wallet?: WalletService;
  /** Where mining rewards are read and claimed (the devnet's, from devnet.json); absent: the dashboard says they are not known here. */
  earnings?: EarningsConfig;
  /** The chain and contracts staking uses (the devnet's, from devnet.json); absent: staking is unavailable. */
  staking?: StakingConfig;
}

/** Models may take this much disk; the least recently used go first. */
const MODEL_CACHE_BYTES = 2 * 2 ** 30;
/** One downloaded model may not exceed this, whatever its lease announces. */
const MAX_MODEL_BYTES = 512 * 2 ** 20;

/** Wires the engine to this machine (or a simulated one) and its data directory. */
export async function createEngine(options: CreateEngineOptions): Promise<{ engine: Engine; warnings: string[] }> {
  const probe: HardwareProbe = options.simulatedHardware
    ? await SimulatedHardwareProbe.fromFile(options.simulatedHardware)
    : new SystemHardwareProbe();
  const { store, recovered } = await SettingsStore.open(options.dataDir);
  const warnings = recovered ? [`Saved settings were unreadable and were set aside as ${recovered}; defaults are in use.`] : [];
  const modelUrls = new UrlModelSource(MAX_MODEL_BYTES);
  const models = await ModelCache.open(join(options.dataDir, 'models'), MODEL_CACHE_BYTES, [
    new BundledModelSource(options.modelsDir),
    modelUrls,
  ]);
  const system = options.system ?? new LinuxSystemSignals();
  const benchmarkFile = join(options.dataDir, 'benchmark.json');
  const benchmarks = {
    load: async (): Promise<BenchmarkResult[]> => (await readJsonFile(benchmarkFile, z.array(BenchmarkResultSchema), [])).value,
    save: (results: BenchmarkResult[]) => writeJsonFile(benchmarkFile, results),
  };
  const engine = new Engine(
    {
      appVersion: options.appVersion,
      transport: options.transport,
      ...(options.modelsDir ? { modelsDir: options.modelsDir } : {}),
      ...(options.webgpu ? { gpuBackends: ['tensorflow-gpu', 'webgpu'], benchmarkBackends: [...NODE_BACKEND_ORDER, 'webgpu'] } : {}),
      ...(options.earnings ? { earnings: options.earnings } : {}),
      ...(options.staking ? { staking: options.staking } : {}),
    },
    {
      probe,
      settings: store,
      compute: {
        spawner: options.spawner ?? new ThreadSpawner(),
        models,
        idleTime: options.idleTime ?? new LinuxIdleTime(),
        system: options.power ? withPowerSource(system, options.power) : system,
        // PowerShell (Windows) takes longer to answer than the idle-time tools.
        fullScreen: options.fullScreen ?? fullScreenSourceFor(process.platform, process.env, commandRunner(5000)),
        benchmarks,
        history: new TaskHistory(join(options.dataDir, 'task-history.jsonl')),
        modelUrls,
      },
      ...(options.desktop ? { desktop: options.desktop } : {}),
      ...(options.wallet ? { wallet: options.wallet } : {}),
    },
  );
  engine.start();
  await engine.loadBenchmarks();
  return { engine, warnings };
}
