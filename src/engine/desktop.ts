import type { RestartDecision, Settings, UpdateStatus } from '../common/api';
import type { Event } from '../common/lifecycle';

/**
 * What only the desktop app can do for the engine (self-update, start at login). Electron's main
 * process implements it; the headless host has none, and the engine says so to the UI.
 */
export interface DesktopIntegration {
  readonly updateStatus: UpdateStatus;
  readonly onDidChangeUpdate: Event<UpdateStatus>;
  restartToUpdate(input: { taskRunning: boolean; ownerConsented: boolean }): RestartDecision;
  /** Applies the desktop settings (login item, update channel) to the OS and the updater. */
  applySettings(settings: Settings): Promise<void>;
}
