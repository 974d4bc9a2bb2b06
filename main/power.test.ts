import { EventEmitter } from 'node:events';
import { describe, expect, test } from 'vitest';
import { desktopPowerSource } from './power';

/** Stands in for Electron's powerMonitor, which cannot run on this machine. */
class FakePowerMonitor extends EventEmitter {
  onBattery = false;
  isOnBatteryPower = () => this.onBattery;
}

describe('the desktop app’s battery signal (powerMonitor stubbed: Electron cannot run here)', () => {
  test.for(['win32', 'darwin'] as const)('on %s it is powerMonitor’s, and its events say when to read it again', (platform) => {
    const monitor = new FakePowerMonitor();
    const power = desktopPowerSource(monitor, platform)!;
    let changes = 0;
    power.onDidChange(() => changes++);
    expect(power.onBattery()).toBe(false);
    monitor.onBattery = true;
    monitor.emit('on-battery');
    expect(power.onBattery()).toBe(true);
    monitor.onBattery = false;
    monitor.emit('on-ac');
    expect([power.onBattery(), changes]).toEqual([false, 2]);
    power.dispose();
    expect(monitor.listenerCount('on-battery') + monitor.listenerCount('on-ac')).toBe(0);
  });

  test('on Linux the engine keeps reading /sys, which needs no UPower daemon', () => {
    expect(desktopPowerSource(new FakePowerMonitor(), 'linux')).toBeNull();
  });
});
