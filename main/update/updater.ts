import type { AppUpdaterEvents } from 'electron-updater/out/AppUpdater';
import { DisposableStore, Emitter, toDisposable, type Disposable } from '../../src/common/lifecycle';
import {
  feedChannel,
  nextCheckIn,
  restartDecision,
  shouldTake,
  type RestartDecision,
  type UpdateChannel,
  type UpdateStatus,
} from './policy';

/** What Updater drives of electron-updater's AppUpdater (its `autoUpdater` in the app). */
export interface UpdateSource {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  channel: string | null;
  on<E extends keyof AppUpdaterEvents>(event: E, listener: AppUpdaterEvents[E]): unknown;
  removeListener<E extends keyof AppUpdaterEvents>(event: E, listener: AppUpdaterEvents[E]): unknown;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

/**
 * Auto-update from GitHub releases through electron-updater: checks at start and every six
 * hours, downloads in the background what the policy says to take, and restarts into it only
 * when the policy allows (never mid-task without the owner's consent).
 */
export class Updater implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changed = this.disposables.add(new Emitter<UpdateStatus>());
  readonly onDidChange = this.changed.event;
  private current: UpdateStatus = { state: 'idle', lastCheckedAt: null };
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly config: { currentVersion: string; channel: UpdateChannel },
    private readonly source: UpdateSource,
    private readonly now: () => number = Date.now,
  ) {
    source.autoDownload = false;
    source.autoInstallOnAppQuit = true;
    this.applyChannel(config.channel);

    const on = <E extends keyof AppUpdaterEvents>(event: E, listener: AppUpdaterEvents[E]) => {
      source.on(event, listener);
      this.disposables.add(toDisposable(() => source.removeListener(event, listener)));
    };
    on('checking-for-update', () => this.set({ state: 'checking' }));
    on('update-not-available', () => this.set({ state: 'idle', lastCheckedAt: this.now() }));
    on('update-available', (info) => {
      if (!shouldTake(this.config.currentVersion, info.version, this.config.channel)) {
        this.set({ state: 'idle', lastCheckedAt: this.now() });
        return;
      }
      this.set({ state: 'downloading', version: info.version, percent: 0 });
      source.downloadUpdate().catch((error: Error) => this.fail(error));
    });
    on('download-progress', (progress) => {
      if (this.current.state === 'downloading') this.set({ ...this.current, percent: Math.round(progress.percent) });
    });
    on('update-downloaded', (info) => this.set({ state: 'ready', version: info.version }));
    on('error', (error) => this.fail(error));
    this.disposables.add(toDisposable(() => this.timer && clearTimeout(this.timer)));
  }

  get status(): UpdateStatus {
    return this.current;
  }

  start(): void {
    this.schedule();
  }

  setChannel(channel: UpdateChannel): void {
    if (channel === this.config.channel) return;
    this.config.channel = channel;
    this.applyChannel(channel);
    if (this.current.state === 'idle') this.set({ state: 'idle', lastCheckedAt: null });
  }

  /** Restarts into the downloaded update when allowed; otherwise says why not or what to confirm. */
  restart(input: { taskRunning: boolean; ownerConsented: boolean }): RestartDecision {
    const decision = restartDecision({ ready: this.current.state === 'ready', ...input });
    if (decision.action === 'restart') setImmediate(() => this.source.quitAndInstall(false, true));
    return decision;
  }

  private applyChannel(channel: UpdateChannel): void {
    this.source.channel = feedChannel(channel);
    this.source.allowPrerelease = channel === 'beta';
    // Setting the channel turns allowDowngrade on; an older build is never taken (shouldTake).
    this.source.allowDowngrade = false;
  }

  private fail(error: Error): void {
    this.set({ state: 'failed', message: error.message.split('\n')[0] ?? 'Update failed', failedAt: this.now() });
  }

  private set(status: UpdateStatus): void {
    this.current = status;
    this.changed.fire(status);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const delay = nextCheckIn(this.current, this.now());
    if (delay === null) return;
    this.timer = setTimeout(() => {
      this.source.checkForUpdates().catch((error: Error) => this.fail(error));
    }, delay);
    this.timer.unref?.();
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
