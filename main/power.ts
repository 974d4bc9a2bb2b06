import { DisposableStore, Emitter, toDisposable, type Disposable } from '../src/common/lifecycle';
import type { PowerSource } from '../src/engine/idle/signals';

/** The part of Electron's powerMonitor the battery signal needs. */
export interface PowerMonitorLike {
  isOnBatteryPower(): boolean;
  on(event: 'on-battery' | 'on-ac', listener: () => void): unknown;
  off(event: 'on-battery' | 'on-ac', listener: () => void): unknown;
}

/**
 * Whether the laptop runs on battery, for the desktop app. Linux keeps reading /sys (the engine's
 * own source), which needs no UPower daemon; on Windows and macOS, which have no /sys, Electron's
 * powerMonitor answers, and its events (both on macOS, 'on-ac' on Windows) make the engine read
 * it at once; where an event is missing, the engine's poll every few seconds still sees the change.
 */
export function desktopPowerSource(monitor: PowerMonitorLike, platform: NodeJS.Platform = process.platform): (PowerSource & Disposable) | null {
  if (platform === 'linux') return null;
  const store = new DisposableStore();
  const changed = store.add(new Emitter<void>());
  const fire = () => changed.fire();
  for (const event of ['on-battery', 'on-ac'] as const) {
    monitor.on(event, fire);
    store.add(toDisposable(() => monitor.off(event, fire)));
  }
  return { onBattery: () => monitor.isOnBatteryPower(), onDidChange: changed.event, dispose: () => store.dispose() };
}
