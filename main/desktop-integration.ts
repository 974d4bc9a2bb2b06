import type { RestartDecision, Settings, UpdateStatus } from '../src/common/api';
import type { Disposable } from '../src/common/lifecycle';
import type { DesktopIntegration } from '../src/engine/desktop';
import { autoUpdater } from 'electron-updater';
import { applyStartAtLogin } from './login/login-item';
import { Updater } from './update/updater';

/** The engine's window onto what only Electron can do: self-update and the login item. */
export class ElectronDesktop implements DesktopIntegration, Disposable {
  private readonly updater: Updater;
  readonly onDidChangeUpdate;

  /** Starts on the stable channel; applySettings moves it to the owner's before start(). */
  constructor(currentVersion: string) {
    this.updater = new Updater({ currentVersion, channel: 'stable' }, autoUpdater);
    this.onDidChangeUpdate = this.updater.onDidChange;
  }

  get updateStatus(): UpdateStatus {
    return this.updater.status;
  }

  start(): void {
    this.updater.start();
  }

  restartToUpdate(input: { taskRunning: boolean; ownerConsented: boolean }): RestartDecision {
    return this.updater.restart(input);
  }

  async applySettings(settings: Settings): Promise<void> {
    this.updater.setChannel(settings.updateChannel);
    await applyStartAtLogin(settings.startAtLogin);
  }

  dispose(): void {
    this.updater.dispose();
  }
}
