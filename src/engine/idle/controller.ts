import type { MiningMode, Settings } from '../../common/api';
import { DisposableStore, Emitter, toDisposable, type Disposable } from '../../common/lifecycle';
import type { IssueGate } from '../pool/pool';
import type { FullScreenSource } from './full-screen';
import { decideMode, type IdleSignals } from './policy';
import { runningListed } from './processes';
import type { IdleTimeSource, SystemSignalSource, SystemSignals } from './signals';

export interface IdleControllerConfig {
  /** Idle-time polling while work is being issued: bounds the activity → pause latency. */
  activePollMs: number;
  /** Polling while paused, when only the start of idleness matters. */
  pausedPollMs: number;
  /** How often the slower signals (battery, processes, CPU load) are refreshed. */
  systemPollMs: number;
}

export const defaultIdleConfig: IdleControllerConfig = { activePollMs: 100, pausedPollMs: 1000, systemPollMs: 3000 };

export interface IdleServices {
  idleTime: IdleTimeSource;
  system: SystemSignalSource;
  settings(): Settings;
  /** The hottest enabled GPU and other processes' GPU load, from the vendor tool's readings. */
  gpu(): { temperatureC: number | null; otherLoadPercent: number | null };
  /** Absent where nothing can tell (then nothing pauses for it, and `fullScreenUnsupported` says so). */
  fullScreen?: FullScreenSource;
  now?: () => Date;
}

const noFullScreenSource = 'Full-screen programs are not detected in this build.';

/**
 * Feeds the signals to the policy and publishes the mode. It polls only while the owner wants to
 * mine, quickly while work is issued (so input stops new work within one poll) and slowly while
 * paused (so a paused engine costs next to nothing).
 */
export class IdleController implements IssueGate, Disposable {
  private readonly disposables = new DisposableStore();
  private readonly emitter = this.disposables.add(new Emitter<MiningMode>());
  readonly onDidChange = this.emitter.event;
  private readonly supportEmitter = this.disposables.add(new Emitter<string | null>());
  /** Fires when what full-screen detection can do here changes (it fails for good on its first try). */
  readonly onDidChangeFullScreenSupport = this.supportEmitter.event;
  private fullScreen = false;
  private mode: MiningMode = { kind: 'paused', reason: 'stopped' };
  private running = false;
  private system: SystemSignals = { onBattery: null, otherCpuLoadPercent: null, runningProcesses: null };
  private systemReadAt = -Infinity;
  private slowRead: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private ticking: Promise<void> | null = null;
  private disposed = false;

  constructor(
    private readonly config: IdleControllerConfig,
    private readonly services: IdleServices,
  ) {
    this.disposables.add(toDisposable(() => this.timer && clearTimeout(this.timer)));
    if (services.system.onDidChange) this.disposables.add(services.system.onDidChange(() => this.rereadSystem()));
  }

  /**
   * A system signal changed (the charger was unplugged): read them afresh and decide on that
   * reading, after any read already under way, which may have seen the old state.
   */
  private rereadSystem(): void {
    void (async () => {
      await this.slowRead;
      await this.ticking;
      this.systemReadAt = -Infinity;
      await this.evaluate();
    })();
  }

  current(): MiningMode {
    return this.mode;
  }

  /** Why full-screen programs cannot be detected here; null where they can. */
  fullScreenUnsupported(): string | null {
    return this.services.fullScreen ? this.services.fullScreen.unsupported() : noFullScreenSource;
  }

  setRunning(running: boolean): Promise<void> {
    this.running = running;
    return this.evaluate();
  }

  /** Re-decides at once, e.g. after a settings change. */
  evaluate(): Promise<void> {
    this.ticking ??= this.tick().finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async tick(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.disposed) return;
    const now = (this.services.now ?? (() => new Date()))();
    let signals: IdleSignals | null = null;
    if (this.running) {
      const settings = this.services.settings();
      if (now.getTime() - this.systemReadAt >= this.config.systemPollMs && !this.slowRead) {
        const first = this.systemReadAt === -Infinity;
        this.systemReadAt = now.getTime();
        const read = this.readSlowSignals(settings).finally(() => (this.slowRead = null));
        this.slowRead = read;
        // The first reading decides before any work starts. Later ones land in the background for
        // the next tick: a process listing or PowerShell can take a second, and must not hold up
        // the idle-time check that stops work on input.
        if (first) await read;
      }
      const gpu = this.services.gpu();
      signals = {
        idleSeconds: settings.dedicatedRig ? null : await this.services.idleTime.idleSeconds().catch(() => null),
        onBattery: this.system.onBattery,
        gpuTemperatureC: gpu.temperatureC,
        otherGpuLoadPercent: gpu.otherLoadPercent,
        otherCpuLoadPercent: this.system.otherCpuLoadPercent,
        listedProcessRunning: runningListed(settings.pauseForProcesses, this.system.runningProcesses) !== null,
        fullScreenRunning: this.fullScreen,
        localDay: now.getDay(),
        localMinute: now.getHours() * 60 + now.getMinutes(),
        nowMs: now.getTime(),
      };
    }
    if (this.disposed) return;
    const next: MiningMode = signals ? decideMode(true, signals, this.services.settings(), this.mode) : { kind: 'paused', reason: 'stopped' };
    if (JSON.stringify(next) !== JSON.stringify(this.mode)) {
      this.mode = next;
      this.emitter.fire(next);
    }
    if (this.running) {
      const delay = next.kind === 'paused' ? this.config.pausedPollMs : this.config.activePollMs;
      this.timer = setTimeout(() => void this.evaluate(), delay);
    }
  }

  private async readSlowSignals(settings: Settings): Promise<void> {
    const [system, fullScreen] = await Promise.all([
      this.services.system.read(settings.pauseForProcesses.length > 0).catch(() => this.system),
      this.readFullScreen(settings.pauseForFullScreen),
    ]);
    this.system = system;
    this.fullScreen = fullScreen;
  }

  private async readFullScreen(wanted: boolean): Promise<boolean> {
    const source = this.services.fullScreen;
    if (!wanted || !source) return false;
    const before = source.unsupported();
    const fullScreen = (await source.read().catch(() => null)) ?? false;
    const after = source.unsupported();
    if (after !== before && !this.disposed) this.supportEmitter.fire(after);
    return fullScreen;
  }

  dispose(): void {
    this.disposed = true;
    this.disposables.dispose();
  }
}
