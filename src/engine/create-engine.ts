import type { AppInfo } from '../common/api';
import { Engine } from './engine';
import type { HardwareProbe } from './gpu/probe';
import { SimulatedHardwareProbe } from './gpu/simulated-probe';
import { SystemHardwareProbe } from './gpu/system-probe';
import { SettingsStore } from './store/settings-store';

export interface CreateEngineOptions {
  dataDir: string;
  appVersion: string;
  transport: AppInfo['transport'];
  /** A JSON file describing simulated hardware, in place of this machine's (demos and tests). */
  simulatedHardware?: string;
}

/** Wires the engine to this machine (or a simulated one) and its data directory. */
export async function createEngine(options: CreateEngineOptions): Promise<{ engine: Engine; warnings: string[] }> {
  const probe: HardwareProbe = options.simulatedHardware
    ? await SimulatedHardwareProbe.fromFile(options.simulatedHardware)
    : new SystemHardwareProbe();
  const { store, recovered } = await SettingsStore.open(options.dataDir);
  const warnings = recovered ? [`Saved settings were unreadable and were set aside as ${recovered}; defaults are in use.`] : [];
  const engine = new Engine({ appVersion: options.appVersion, transport: options.transport }, { probe, settings: store });
  engine.start();
  return { engine, warnings };
}
